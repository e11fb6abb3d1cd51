using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Hosting;

/// <summary>The precedence matrix: for every setting, flag beats environment beats appsettings.json beats default.</summary>
public sealed class CheckConfigPrecedenceTests
{
    // A valid upstream list in the lowest layer, so each case only varies the setting under test.
    private const string BaseUpstreams = "\"Upstreams\": [ { \"Name\": \"zeam_0\", \"Url\": \"http://127.0.0.1:5051\" } ]";

    public static TheoryData<string, string, string, string, string> Layered => new()
    {
        // setting, appsettings value (JSON literal), environment value, flag value, expected default
        { "bind", "\"127.0.0.2\"", "127.0.0.3", "127.0.0.4", "0.0.0.0" },
        { "port", "6001", "6002", "6003", "5555" },
        { "lean-url", "\"http://127.0.0.1:7001\"", "http://127.0.0.1:7002", "http://127.0.0.1:7003", "none" },
        { "poll-ms", "1001", "1002", "1003", "10000" },
        { "timeout-ms", "501", "502", "503", "5000" },
        { "stale-ms", "3001", "3002", "3003", "30000" },
        { "poll-concurrency", "11", "12", "13", "64" },
        { "log-format", "\"json\"", "text", "json", "text" },
    };

    [Theory]
    [MemberData(nameof(Layered))]
    public async Task Flag_beats_environment_beats_appsettings_beats_default(
        string name, string appSettingsValue, string environmentValue, string flagValue, string defaultValue)
    {
        var setting = MonitorSettingTable.All.Single(s => s.Name == name);
        using var harness = new ProgramHarness($"{{ \"Monitor\": {{ {BaseUpstreams} }} }}");

        var byDefault = await harness.RunAsync(["--check-config"]);
        Assert.Equal((defaultValue, "default"), byDefault.Setting(name));

        harness.AppSettings($"{{ \"Monitor\": {{ {BaseUpstreams}, \"{setting.Key}\": {appSettingsValue} }} }}");
        var fromAppSettings = await harness.RunAsync(["--check-config"]);
        Assert.Equal((appSettingsValue.Trim('"'), $"appsettings.json Monitor:{setting.Key}"), fromAppSettings.Setting(name));

        harness.Variables[setting.EnvironmentVariable!] = environmentValue;
        var fromEnvironment = await harness.RunAsync(["--check-config"]);
        Assert.Equal((environmentValue, $"env {setting.EnvironmentVariable}"), fromEnvironment.Setting(name));

        var fromFlag = await harness.RunAsync(["--check-config", $"{setting.Flag}={flagValue}"]);
        Assert.Equal(0, fromFlag.ExitCode);
        Assert.Equal((flagValue, $"flag {setting.Flag}"), fromFlag.Setting(name));
    }

    [Fact]
    public async Task Upstreams_file_follows_the_same_precedence()
    {
        using var harness = new ProgramHarness();
        var files = Enumerable.Range(1, 3)
            .Select(i => harness.File($"u{i}.json", $$"""{"upstreams":[{"name":"node_{{i}}","url":"http://127.0.0.1:{{5050 + i}}"}]}"""))
            .ToArray();

        harness.AppSettings($$"""{ "Monitor": { "UpstreamsConfig": "{{files[0]}}" } }""");
        var fromAppSettings = await harness.RunAsync(["--check-config"]);
        harness.Variables["LEANPOINT_UPSTREAMS_CONFIG"] = files[1];
        var fromEnvironment = await harness.RunAsync(["--check-config"]);
        var fromFlag = await harness.RunAsync(["--check-config", "--upstreams-config", files[2]]);

        Assert.Equal((files[0], "appsettings.json Monitor:UpstreamsConfig"), fromAppSettings.Setting("upstreams-config"));
        Assert.Equal((files[1], "env LEANPOINT_UPSTREAMS_CONFIG"), fromEnvironment.Setting("upstreams-config"));
        Assert.Equal((files[2], "flag --upstreams-config"), fromFlag.Setting("upstreams-config"));
        Assert.Contains("  node_1 ", fromAppSettings.Stdout, StringComparison.Ordinal);
        Assert.Contains("  node_2 ", fromEnvironment.Stdout, StringComparison.Ordinal);
        Assert.Contains("  node_3 ", fromFlag.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo-slot-ms", "DemoSlotMs", "250", "300", "4000")]
    [InlineData("demo", "DemoNodes", "3", "5", "off")]
    public async Task Demo_settings_have_no_variable_but_flag_beats_appsettings(
        string name, string key, string appSettingsValue, string flagValue, string defaultValue)
    {
        using var harness = new ProgramHarness($"{{ \"Monitor\": {{ {BaseUpstreams} }} }}");
        var launcher = new FakeDemoDevnetLauncher();

        var byDefault = await harness.RunAsync(["--check-config"], launcher);
        harness.AppSettings($"{{ \"Monitor\": {{ {BaseUpstreams}, \"{key}\": {appSettingsValue} }} }}");
        var fromAppSettings = await harness.RunAsync(["--check-config"], launcher);
        var fromFlag = await harness.RunAsync(["--check-config", $"--{name}", flagValue], launcher);

        Assert.Equal((defaultValue, "default"), byDefault.Setting(name));
        Assert.Equal((appSettingsValue, $"appsettings.json Monitor:{key}"), fromAppSettings.Setting(name));
        Assert.Equal((flagValue, $"flag --{name}"), fromFlag.Setting(name));
    }

    [Theory]
    [InlineData("consensus-threshold-percent", "ConsensusThresholdPercent", "66", "50")]
    [InlineData("max-state-bytes", "MaxStateBytes", "1048576", "67108864")]
    public async Task Appsettings_only_settings_beat_their_default(string name, string key, string value, string defaultValue)
    {
        using var harness = new ProgramHarness($"{{ \"Monitor\": {{ {BaseUpstreams} }} }}");
        var byDefault = await harness.RunAsync(["--check-config"]);
        harness.AppSettings($"{{ \"Monitor\": {{ {BaseUpstreams}, \"{key}\": {value} }} }}");
        var fromAppSettings = await harness.RunAsync(["--check-config"]);

        Assert.Equal((defaultValue, "default"), byDefault.Setting(name));
        Assert.Equal((value, $"appsettings.json Monitor:{key}"), fromAppSettings.Setting(name));
    }

    [Fact]
    public async Task Monitor_double_underscore_variables_sit_between_leanpoint_variables_and_appsettings()
    {
        using var harness = new ProgramHarness($"{{ \"Monitor\": {{ {BaseUpstreams}, \"PollMs\": 1001 }} }}");
        harness.Variables["Monitor__PollMs"] = "1500";
        var fromDotnetVariable = await harness.RunAsync(["--check-config"]);
        harness.Variables["LEANPOINT_POLL_MS"] = "1600";
        var fromLeanpointVariable = await harness.RunAsync(["--check-config"]);

        Assert.Equal(("1500", "env Monitor__PollMs"), fromDotnetVariable.Setting("poll-ms"));
        Assert.Equal(("1600", "env LEANPOINT_POLL_MS"), fromLeanpointVariable.Setting("poll-ms"));
    }

    [Fact]
    public async Task Environment_specific_appsettings_file_is_read_like_the_host_reads_it()
    {
        using var harness = new ProgramHarness($"{{ \"Monitor\": {{ {BaseUpstreams}, \"PollMs\": 1001 }} }}");
        harness.File("appsettings.Staging.json", "{ \"Monitor\": { \"PollMs\": 2002 } }");
        harness.Variables["DOTNET_ENVIRONMENT"] = "Staging";

        var result = await harness.RunAsync(["--check-config"]);

        Assert.Equal(("2002", "appsettings.Staging.json Monitor:PollMs"), result.Setting("poll-ms"));
    }

    [Fact]
    public async Task A_lean_url_flag_beats_an_upstreams_file_from_the_environment()
    {
        // The container sets LEANPOINT_UPSTREAMS_CONFIG; `docker run image --lean-url …` must still work without the file.
        using var harness = new ProgramHarness();
        harness.Variables["LEANPOINT_UPSTREAMS_CONFIG"] = Path.Combine(harness.Directory, "not-mounted.json");

        var result = await harness.RunAsync(["--check-config", "--lean-url", "http://127.0.0.1:5052"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("upstreams: 1 from flag --lean-url (single upstream)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  127.0.0.1  127.0.0.1  http://127.0.0.1:5052/", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Within_one_layer_the_upstreams_file_beats_lean_url()
    {
        using var harness = new ProgramHarness();
        var file = harness.File("u.json", """{"upstreams":[{"name":"zeam_0","url":"http://127.0.0.1:5051"}]}""");

        var result = await harness.RunAsync(["--check-config", "--lean-url", "http://127.0.0.1:5052", "--upstreams-config", file]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  zeam_0 ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("5052/", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_form_arguments_count_as_flags_and_reach_inline_upstreams()
    {
        using var harness = new ProgramHarness();
        harness.Variables["LEANPOINT_POLL_MS"] = "1002";

        var result = await harness.RunAsync(
        [
            "--check-config", "--Monitor:PollMs=1003",
            "--Monitor:Upstreams:0:Name=zeam_0", "--Monitor:Upstreams:0:Url=http://127.0.0.1:5051",
        ]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("1003", "flag --Monitor:PollMs"), result.Setting("poll-ms"));
        Assert.Contains("  zeam_0  zeam  http://127.0.0.1:5051/", result.Stdout, StringComparison.Ordinal);
    }
}
