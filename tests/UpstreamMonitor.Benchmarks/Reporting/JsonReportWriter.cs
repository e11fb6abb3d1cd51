using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UpstreamMonitor.Benchmarks.Reporting;

/// <summary>Renders a <see cref="BenchmarkReport"/> as docs/benchmarks.json: the same run, for tools and trend charts.</summary>
internal static class JsonReportWriter
{
    // Relaxed escaping keeps "×", "µ" and "+" readable; the file is data for tools, never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var root = new JsonObject
        {
            ["date"] = report.Date.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["commit"] = report.Commit,
            ["mode"] = report.Smoke ? "smoke" : "full",
            ["elapsed_ms"] = Math.Round(report.Elapsed.TotalMilliseconds),
            ["load_average"] = report.LoadAverage,
            ["machine"] = new JsonObject
            {
                ["cores"] = report.Machine.Cores,
                ["memory_bytes"] = report.Machine.MemoryBytes,
                ["cpu"] = report.Machine.Cpu,
                ["os"] = report.Machine.Os,
                ["runtime"] = report.Machine.Runtime,
                ["gc_mode"] = report.Machine.GcMode,
            },
            ["scenarios"] = new JsonArray([.. report.Scenarios.Select(Scenario)]),
        };
        return root.ToJsonString(Indented) + Environment.NewLine;
    }

    private static JsonObject Scenario(ScenarioResult scenario)
    {
        var metrics = new JsonObject();
        foreach (var (name, value) in scenario.Metrics)
        {
            metrics[name] = double.IsFinite(value) ? value : null;
        }

        return new JsonObject
        {
            ["name"] = scenario.Name,
            ["title"] = scenario.Title,
            ["outcome"] = scenario.Outcome switch
            {
                ScenarioOutcome.Ran => "ran",
                ScenarioOutcome.Failed => "failed",
                _ => "not_run",
            },
            ["elapsed_ms"] = Math.Round(scenario.Elapsed.TotalMilliseconds),
            ["targets"] = new JsonArray([.. scenario.Targets.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["target"] = t.Target,
                ["measured"] = t.Measured,
                ["met"] = t.Met,
                ["limit"] = t.Limit,
            })]),
            ["metrics"] = metrics,
            ["tables"] = new JsonArray([.. scenario.Tables.Where(t => t.Rows.Count > 0).Select(Table)]),
            ["notes"] = new JsonArray([.. scenario.Notes.Select(n => (JsonNode)JsonValue.Create(n))]),
        };
    }

    private static JsonObject Table(ResultTable table) => new()
    {
        ["title"] = table.Title,
        ["rows"] = new JsonArray([.. table.Rows.Select(row =>
        {
            var obj = new JsonObject();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                obj[table.Columns[i]] = row[i];
            }

            return (JsonNode)obj;
        })]),
    };
}
