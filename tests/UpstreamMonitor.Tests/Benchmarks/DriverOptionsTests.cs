using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Benchmarks;

public class DriverOptionsTests
{
    [Fact]
    public void Parses_smoke_out_and_repeated_or_comma_separated_scenarios()
    {
        var options = DriverOptions.Parse(["--smoke", "--scenario", "transfer,micro", "--scenario", "api-load", "--out", "docs/"]);

        Assert.True(options.Smoke);
        Assert.Equal(["transfer", "micro", "api-load"], options.Scenarios);
        Assert.Equal("docs/", options.OutputDirectory);
        Assert.False(options.List);
    }

    [Theory]
    [InlineData("--fast")]
    [InlineData("--scenario")]
    [InlineData("--out", "--smoke")]
    public void Bad_arguments_name_the_flag(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => DriverOptions.Parse(args));
        Assert.Contains(args[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Driver_rejects_an_unknown_scenario_with_exit_code_2()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await BenchmarkDriver.RunAsync(["--scenario", "nope"], stdout, stderr, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("nope", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_names_every_scenario_of_the_issue()
    {
        using var stdout = new StringWriter();

        var code = await BenchmarkDriver.RunAsync(["--list"], stdout, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, code);
        foreach (var name in new[] { "round-overhead", "strategies", "hung-peers", "transfer", "steady-state", "api-load", "micro" })
        {
            Assert.Contains(name, stdout.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Child_report_survives_the_trip_through_json()
    {
        var report = new ChildReport { GcMode = "server", RoundsMs = [1601.5, 1620] };
        report.Metrics["peak_rss_bytes"] = 123456789;
        report.Footprints.Add(new FootprintSample(50, 31, 1044, 40_000_000, 210_000_000));

        var back = ChildReport.FromJson(report.ToJson());

        Assert.Equal("server", back.GcMode);
        Assert.Equal([1601.5, 1620], back.RoundsMs);
        Assert.Equal(123456789, back.Metric("peak_rss_bytes"));
        Assert.True(double.IsNaN(back.Metric("absent")));
        Assert.Equal(report.Footprints[0], back.Footprints[0]);
    }

    [Fact]
    public async Task Upstream_list_file_hands_the_devnet_to_a_child_unchanged()
    {
        IReadOnlyList<UpstreamDefinition> upstreams =
        [
            UpstreamDefinition.Create("zeam_0", new Uri("http://127.0.0.1:5052/")),
            UpstreamDefinition.Create("ream_1", new Uri("http://127.0.0.1:5053/")),
        ];

        var path = await UpstreamListFile.WriteAsync(upstreams, CancellationToken.None);
        try
        {
            var back = UpstreamListFile.Read(path);

            Assert.Equal(upstreams.Select(u => (u.Name, u.Url, u.Client)), back.Select(u => (u.Name, u.Url, u.Client)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Process_footprint_reads_this_process()
    {
        var footprint = ProcessFootprint.Capture();

        Assert.True(footprint.Threads > 0);
        Assert.True(footprint.ResidentBytes > 0);
        Assert.True(footprint.ManagedHeapBytes > 0);
        Assert.True(footprint.OpenFileDescriptors > 2 || !OperatingSystem.IsLinux());
    }
}
