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
        Assert.Equal("4000", parsed.Values[MonitorSettingTable.PollMs]);
        Assert.Equal("2000", parsed.Values[MonitorSettingTable.TimeoutMs]);
        Assert.Equal("::", parsed.Values[MonitorSettingTable.Bind]);
        Assert.Equal("a=b.json", parsed.Values[MonitorSettingTable.UpstreamsConfig]);
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
        Assert.Equal(expected, parsed.Values[MonitorSettingTable.Demo]);
    }

    [Fact]
    public void A_negative_number_is_a_value_not_a_flag()
    {
        var parsed = MonitorCommandLine.Parse(["--stale-ms", "-5"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("-5", parsed.Values[MonitorSettingTable.StaleMs]);
    }

    [Fact]
    public void The_last_of_a_repeated_flag_wins()
    {
        var parsed = MonitorCommandLine.Parse(["--port", "1", "--port", "2"]);

        Assert.Equal("2", parsed.Values[MonitorSettingTable.Port]);
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
        Assert.Equal("10000", parsed.Values[MonitorSettingTable.PollMs]);
        Assert.Equal("http://127.0.0.1:9", parsed.Values[MonitorSettingTable.LeanUrl]);
        Assert.Equal("--Monitor:LeanUrl", parsed.Spellings[MonitorSettingTable.LeanUrl]);
        Assert.Empty(parsed.ConfigurationArguments);
    }

    [Fact]
    public void Other_configuration_paths_are_passed_through()
    {
        var parsed = MonitorCommandLine.Parse(["--Serilog:MinimumLevel:Default=Debug", "--Monitor:Upstreams:0:Name=zeam_0"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal(
            [new("Serilog:MinimumLevel:Default", "Debug"), new("Monitor:Upstreams:0:Name", "zeam_0")],
            parsed.ConfigurationArguments);
    }

    [Theory]
    [InlineData("--frobnicate=1")]
    [InlineData("--Monitor:PollMs")]
    public void Anything_else_is_an_unknown_flag(string arg)
    {
        var parsed = MonitorCommandLine.Parse([arg]);

        Assert.True(parsed.HasUnknownFlag);
        Assert.StartsWith("unknown flag", Assert.Single(parsed.Errors), StringComparison.Ordinal);
    }
}
