using System.Globalization;
using System.Text.Json;

namespace UpstreamMonitor.Benchmarks.Reporting;

/// <summary>One scenario of an earlier run: its raw metrics and each target's measured text.</summary>
internal sealed record PreviousScenario(IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> TargetsMeasured);

/// <summary>
/// The figures of an earlier run, read from its benchmarks.json, so every figure of this run is printed beside the
/// last run's with the ratio (the committed docs/benchmarks.json is the last full run).
/// </summary>
internal sealed record PreviousRun(string Commit, DateTimeOffset Date, string Mode, IReadOnlyDictionary<string, PreviousScenario> Scenarios)
{
    /// <summary>Parses a benchmarks.json written by <see cref="JsonReportWriter"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static PreviousRun Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var scenarios = new Dictionary<string, PreviousScenario>(StringComparer.Ordinal);
            foreach (var scenario in Required(root, "scenarios").EnumerateArray())
            {
                var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
                if (scenario.TryGetProperty("metrics", out var metricValues))
                {
                    foreach (var metric in metricValues.EnumerateObject())
                    {
                        // Non-finite figures are written as null: there is nothing to compare against.
                        if (metric.Value.ValueKind == JsonValueKind.Number)
                        {
                            metrics[metric.Name] = metric.Value.GetDouble();
                        }
                    }
                }

                var targets = new Dictionary<string, string>(StringComparer.Ordinal);
                if (scenario.TryGetProperty("targets", out var targetValues))
                {
                    foreach (var target in targetValues.EnumerateArray())
                    {
                        targets[Required(target, "name").GetString() ?? string.Empty] = Required(target, "measured").GetString() ?? string.Empty;
                    }
                }

                scenarios[Required(scenario, "name").GetString() ?? string.Empty] = new PreviousScenario(metrics, targets);
            }

            return new PreviousRun(
                Required(root, "commit").GetString() ?? string.Empty,
                DateTimeOffset.Parse(Required(root, "date").GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                Required(root, "mode").GetString() ?? string.Empty,
                scenarios);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"not a benchmarks.json report: {e.Message}", e);
        }
    }

    /// <summary>The commit in short form and the date, as the report names the run compared against.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"`{Commit[..Math.Min(Commit.Length, 7)]}`, {Date.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {Mode}");

    private static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : throw new KeyNotFoundException($"'{name}' is missing");
}
