using Microsoft.Extensions.Configuration;
using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Tests.Configuration;

public sealed class MonitorSettingTableTests
{
    [Fact]
    public void Shown_defaults_are_the_options_defaults()
    {
        var defaults = MonitorSettings.Bind(new ConfigurationBuilder().Build());

        Assert.All(MonitorSettingTable.Values, s => Assert.Equal(s.DefaultText, s.Display!(defaults)));
    }

    [Fact]
    public void Every_value_setting_binds_to_an_options_property()
    {
        // A key may name a property of a feature's own subsection (Alerts:Webhook binds AlertOptions.Webhook).
        Assert.All(MonitorSettingTable.Values, s => Assert.NotNull(s.Options?.GetProperty(s.Key!.Split(':')[^1])));
    }

    [Fact]
    public void Flags_names_and_variables_are_unique()
    {
        Assert.Equal(MonitorSettingTable.All.Count, MonitorSettingTable.All.Select(s => s.Name).Distinct().Count());
        var flags = MonitorSettingTable.All.Where(s => s.Flag is not null).Select(s => s.Flag).ToList();
        Assert.Equal(flags.Count, flags.Distinct().Count());
        var variables = MonitorSettingTable.All.Where(s => s.EnvironmentVariable is not null).Select(s => s.EnvironmentVariable).ToList();
        Assert.Equal(variables.Count, variables.Distinct().Count());
        Assert.All(variables, v => Assert.StartsWith("LEANPOINT_", v, StringComparison.Ordinal));
    }

    [Fact]
    public void The_issue_table_of_leanpoint_settings_is_covered()
    {
        (string Flag, string Variable, string Default)[] leanpoint =
        [
            ("--bind", "LEANPOINT_BIND_ADDR", "0.0.0.0"),
            ("--port", "LEANPOINT_BIND_PORT", "5555"),
            ("--upstreams-config", "LEANPOINT_UPSTREAMS_CONFIG", "none"),
            ("--lean-url", "LEANPOINT_LEAN_URL", "none"),
            ("--poll-ms", "LEANPOINT_POLL_MS", "10000"),
            ("--timeout-ms", "LEANPOINT_TIMEOUT_MS", "5000"),
            ("--stale-ms", "LEANPOINT_STALE_MS", "30000"),
            ("--poll-concurrency", "LEANPOINT_POLL_CONCURRENCY", "64"),
        ];

        foreach (var (flag, variable, defaultText) in leanpoint)
        {
            var setting = MonitorSettingTable.All.SingleOrDefault(s => s.Flag == flag);
            Assert.NotNull(setting);
            Assert.Equal(variable, setting.EnvironmentVariable);
            Assert.Equal(defaultText, setting.DefaultText);
        }
    }
}
