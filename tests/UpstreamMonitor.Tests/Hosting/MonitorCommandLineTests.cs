using UpstreamMonitor.Configuration;
using UpstreamMonitor.Hosting;

namespace UpstreamMonitor.Tests.Hosting;

public sealed class MonitorCommandLineTests
{
    [Fact]
    public void Both_value_forms_are_accepted()
    {
        var parsed = MonitorCommandLine.Parse(["--poll-ms", "4000", "--timeout-ms=2000", "--bind=::", "--upstreams-config", "a=b.json"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("4000", Value(parsed, MonitorSettingTable.PollMs));
        Assert.Equal("2000", Value(parsed, MonitorSettingTable.TimeoutMs));
        Assert.Equal("::", Value(parsed, MonitorSettingTable.Bind));
        Assert.Equal("a=b.json", Value(parsed, MonitorSettingTable.UpstreamsConfig));
    }

    [Theory]
    [InlineData(new[] { "--demo" }, "8")]
    [InlineData(new[] { "--demo", "16" }, "16")]
    [InlineData(new[] { "--demo=3" }, "3")]
    [InlineData(new[] { "--demo", "--check-config" }, "8")]
    [InlineData(new[] { "--demo", "-2" }, "-2")]
    public void Demo_takes_an_optional_node_count(string[] args, string expected)
    {
        var parsed = MonitorCommandLine.Parse(args);

        Assert.Empty(parsed.Errors);
        Assert.Equal(expected, Value(parsed, MonitorSettingTable.Demo));
    }

    [Fact]
    public void A_negative_number_is_a_value_not_a_flag()
    {
        var parsed = MonitorCommandLine.Parse(["--stale-ms", "-5"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("-5", Value(parsed, MonitorSettingTable.StaleMs));
    }

    [Fact]
    public void The_last_of_a_repeated_flag_wins()
    {
        var parsed = MonitorCommandLine.Parse(["--port", "1", "--port", "2"]);

        Assert.Equal("2", Value(parsed, MonitorSettingTable.Port));
    }

    [Fact]
    public void Switches_are_recognised()
    {
        var parsed = MonitorCommandLine.Parse(["--check-config", "-h", "--version"]);

        Assert.True(parsed.CheckConfig);
        Assert.True(parsed.Help);
        Assert.True(parsed.Version);
    }

    [Fact]
    public void A_flag_followed_by_another_flag_is_missing_its_value()
    {
        var parsed = MonitorCommandLine.Parse(["--lean-url", "--check-config"]);

        Assert.Equal("--lean-url: missing value (--lean-url URL)", Assert.Single(parsed.Errors));
        Assert.True(parsed.CheckConfig);
    }

    [Fact]
    public void Web_application_factory_arguments_are_configuration_not_unknown_flags()
    {
        // Exactly what WebApplicationFactory passes to the entry point.
        var parsed = MonitorCommandLine.Parse(
        [
            "--Monitor=", "--Monitor:StaleMs=30000", "--Monitor:PollMs=10000", "--Monitor:LeanUrl=http://127.0.0.1:9",
            "--environment=Development", "--contentRoot=/src/UpstreamMonitor", "--applicationName=UpstreamMonitor",
        ]);

        Assert.Empty(parsed.Errors);
        Assert.Null(parsed.UsageError);
        Assert.Equal("10000", Value(parsed, MonitorSettingTable.PollMs));
        Assert.Equal("http://127.0.0.1:9", Value(parsed, MonitorSettingTable.LeanUrl));
        Assert.Equal("--Monitor:LeanUrl", parsed.Settings.Last(s => s.Key == "Monitor:LeanUrl").Origin.Name);
        Assert.All(parsed.Settings, s => Assert.Contains(s.Key, MonitorSettingTable.Values.Select(v => v.ConfigurationPath)));
    }

    [Fact]
    public void Other_configuration_paths_are_passed_through()
    {
        var parsed = MonitorCommandLine.Parse(["--Serilog:MinimumLevel:Default=Debug", "--Monitor:Upstreams:0:Name=zeam_0"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal(
            [("Serilog:MinimumLevel:Default", "Debug"), ("Monitor:Upstreams:0:Name", "zeam_0")],
            parsed.Settings.Select(s => (s.Key, s.Value)));
    }

    [Theory]
    [InlineData("--frobnicate=1")]
    [InlineData("--Monitor:PollMs")]
    public void Anything_else_is_an_unknown_flag(string arg)
    {
        var parsed = MonitorCommandLine.Parse([arg]);

        Assert.StartsWith("unknown flag", parsed.UsageError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_value_after_a_mistyped_flag_is_not_a_second_mistake()
    {
        var parsed = MonitorCommandLine.Parse(["--pol-ms", "4000", "--port", "1"]);

        Assert.Equal("unknown flag '--pol-ms' (did you mean --poll-ms?)", parsed.UsageError);
        Assert.Equal("1", Value(parsed, MonitorSettingTable.Port));
    }

    private static string? Value(MonitorCommandLine parsed, MonitorSetting setting) =>
        parsed.Settings.LastOrDefault(s => s.Key == setting.ConfigurationPath)?.Value;
}
