using System.Text.Json;
using UpstreamMonitor.Benchmarks.Reporting;

namespace UpstreamMonitor.Tests.Benchmarks;

public class ReportWriterTests
{
    private static BenchmarkReport SampleReport()
    {
        var overhead = new ScenarioResult("round-overhead", "1. Round overhead", "Measured against ceil(N/C) × L.")
        {
            Elapsed = TimeSpan.FromSeconds(61),
        };
        var table = new ResultTable("Round time", "N", "C", "median / ideal");
        table.Add("1000", "64", "1.02×");
        overhead.Tables.Add(table);
        overhead.Targets.Add(new TargetCheck("round time at N = 1000, C = 64", "≤ 1.05 × ideal", "1.02×", Met: true));
        overhead.Metrics["n1000_c64_ratio"] = 1.02;

        var api = new ScenarioResult("api-load", "6. API under load", "wrk against /status.");
        api.Targets.Add(new TargetCheck("/status p99", "p99 < 5 ms", "p99 7.1 ms", Met: false, Limit: "2 shared cores | wrk"));
        api.Metrics["status_p99_ms"] = double.NaN;

        var dashboard = ScenarioResult.NotRun("dashboard", "8. Dashboard rendering", "Render figures.", "component not landed");

        return new BenchmarkReport(
            new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.Zero),
            "0123456789abcdef",
            new MachineInfo(2, 24L * 1024 * 1024 * 1024, "AMD EPYC", "Debian 12", ".NET 10.0.12", "server, concurrent"),
            Smoke: false,
            TimeSpan.FromMinutes(11),
            [overhead, api, dashboard])
        {
            LoadAverage = "start 3.10 / 2.00 / 1.50; end 2.90 / 2.10 / 1.60",
        };
    }

    [Fact]
    public void Markdown_prints_provenance_beside_the_figures()
    {
        var md = MarkdownReportWriter.Render(SampleReport());

        Assert.Contains("| Date (UTC) | 2026-12-01 01:30:00 |", md, StringComparison.Ordinal);
        Assert.Contains("`0123456789abcdef`", md, StringComparison.Ordinal);
        Assert.Contains("| Cores | 2 |", md, StringComparison.Ordinal);
        Assert.Contains("| Memory | 24.0 GiB |", md, StringComparison.Ordinal);
        Assert.Contains("| .NET | .NET 10.0.12 |", md, StringComparison.Ordinal);
        Assert.Contains("server, concurrent", md, StringComparison.Ordinal);
        Assert.Contains("| Load average (1/5/15 min) | start 3.10 / 2.00 / 1.50; end 2.90 / 2.10 / 1.60 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_marks_each_target_met_or_missed_with_what_limits_it()
    {
        var md = MarkdownReportWriter.Render(SampleReport());

        Assert.Contains("| 1. Round overhead | round time at N = 1000, C = 64 | ≤ 1.05 × ideal | 1.02× | — | **met** |", md, StringComparison.Ordinal);
        Assert.Contains("| p99 7.1 ms | — | **missed** | 2 shared cores \\| wrk |", md, StringComparison.Ordinal);
        Assert.Contains("| 8. Dashboard rendering | | | | | not run | component not landed |", md, StringComparison.Ordinal);
        Assert.Contains("| Compared with | nothing: no earlier benchmarks.json |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_renders_tables_with_a_header_separator_per_column()
    {
        var md = MarkdownReportWriter.Render(SampleReport());

        Assert.Contains("| N | C | median / ideal |\n|---|---|---|\n| 1000 | 64 | 1.02× |", md.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_carries_the_same_run_for_tools()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.Render(SampleReport()));
        var root = json.RootElement;

        Assert.Equal("0123456789abcdef", root.GetProperty("commit").GetString());
        Assert.Equal("full", root.GetProperty("mode").GetString());
        Assert.StartsWith("start 3.10", root.GetProperty("load_average").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, root.GetProperty("machine").GetProperty("cores").GetInt32());
        var scenarios = root.GetProperty("scenarios");
        Assert.Equal(3, scenarios.GetArrayLength());
        var overhead = scenarios[0];
        Assert.Equal("ran", overhead.GetProperty("outcome").GetString());
        Assert.Equal(1.02, overhead.GetProperty("metrics").GetProperty("n1000_c64_ratio").GetDouble());
        Assert.True(overhead.GetProperty("targets")[0].GetProperty("met").GetBoolean());
        Assert.Equal("1.02×", overhead.GetProperty("tables")[0].GetProperty("rows")[0].GetProperty("median / ideal").GetString());
        Assert.Equal(JsonValueKind.Null, scenarios[1].GetProperty("metrics").GetProperty("status_p99_ms").ValueKind);
        Assert.Equal("not_run", scenarios[2].GetProperty("outcome").GetString());
    }

    [Fact]
    public void Every_figure_is_printed_beside_the_last_runs_with_the_ratio()
    {
        // The last run is what the JSON writer wrote: the comparison reads the very file the previous run left.
        var last = SampleReport();
        last.Scenarios[0].Metrics["n1000_c64_ratio"] = 1.2;
        last.Scenarios[0].Metrics["retired_ms"] = 5;
        var previous = PreviousRun.Parse(JsonReportWriter.Render(last));

        var current = SampleReport() with { Commit = "fedcba9876543210" };
        current.Scenarios[0].Metrics["n256_c64_ratio"] = 1.03;
        var md = MarkdownReportWriter.Render(current with { Previous = previous });

        Assert.Contains("| Compared with | `0123456`, 2026-12-01 01:30 UTC, full |", md, StringComparison.Ordinal);
        Assert.Contains("| `n1000_c64_ratio` | 1.2 | 1.02 | 0.85× |", md, StringComparison.Ordinal);
        Assert.Contains("| `n256_c64_ratio` | not measured | 1.03 | new |", md, StringComparison.Ordinal);
        Assert.Contains("| `retired_ms` | 5 | not measured | gone |", md, StringComparison.Ordinal);
        // A figure that was not finite last time has nothing to divide by.
        Assert.Contains("| `status_p99_ms` | not measured | n/a | new |", md, StringComparison.Ordinal);
        Assert.Contains("| round time at N = 1000, C = 64 | ≤ 1.05 × ideal | 1.02× | 1.02× | **met** |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_smoke_run_is_never_compared_with_a_full_run()
    {
        var previous = PreviousRun.Parse(JsonReportWriter.Render(SampleReport()));

        var md = MarkdownReportWriter.Render(SampleReport() with { Smoke = true, Previous = previous });

        Assert.Contains("| Compared with | nothing: the last run (`0123456`, 2026-12-01 01:30 UTC, full) was not the same mode |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Every figure beside the last run", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_report_is_named_as_such()
    {
        var error = Assert.Throws<FormatException>(() => PreviousRun.Parse("""{"date": "2026-12-01T00:00:00Z"}"""));

        Assert.Contains("'scenarios' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_row_must_fill_every_column()
    {
        var table = new ResultTable("t", "a", "b");

        Assert.Throws<ArgumentException>(() => table.Add("only one"));
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(16L * 1024 * 1024, "16.0 MiB")]
    [InlineData(-2L * 1024 * 1024, "-2.0 MiB")]
    public void Bytes_are_printed_in_binary_units(long bytes, string expected)
    {
        Assert.Equal(expected, FigureFormat.Bytes(bytes));
    }
}
