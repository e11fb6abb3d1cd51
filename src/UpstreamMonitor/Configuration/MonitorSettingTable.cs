using System.Globalization;
using System.Text;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Alerts.Delivery;
using UpstreamMonitor.History;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// The single table of settings. Parsing, <c>--help</c>, <c>--check-config</c> and the README's configuration table
/// are generated from it, so a new setting is added here once.
/// </summary>
internal static class MonitorSettingTable
{
    public static MonitorSetting Bind { get; } = new(
        "bind", "--bind", "ADDR", "LEANPOINT_BIND_ADDR", nameof(MonitorHostOptions.BindAddress), MonitorSettingKind.Text,
        "0.0.0.0", "Address to listen on: an IP address (0.0.0.0 or :: for all), localhost, or `*`.",
        o => o.Host.BindAddress)
    {
        Options = typeof(MonitorHostOptions),
    };

    public static MonitorSetting Port { get; } = new(
        "port", "--port", "PORT", "LEANPOINT_BIND_PORT", nameof(MonitorHostOptions.Port), MonitorSettingKind.Number,
        "5555", "TCP port of the dashboard, JSON API, /metrics and /healthz (0 picks a free port).",
        o => Invariant(o.Host.Port))
    {
        Options = typeof(MonitorHostOptions),
    };

    public static MonitorSetting UpstreamsConfig { get; } = new(
        "upstreams-config", "--upstreams-config", "FILE", "LEANPOINT_UPSTREAMS_CONFIG", nameof(UpstreamsOptions.UpstreamsConfig),
        MonitorSettingKind.Text, "none",
        "Upstreams file: leanpoint's upstreams.json or lean-quickstart's validator-config.yaml; re-read when it changes.",
        o => string.IsNullOrWhiteSpace(o.Upstreams.UpstreamsConfig) ? "none" : o.Upstreams.UpstreamsConfig)
    {
        Options = typeof(UpstreamsOptions),
    };

    public static MonitorSetting LeanUrl { get; } = new(
        "lean-url", "--lean-url", "URL", "LEANPOINT_LEAN_URL", nameof(UpstreamsOptions.LeanUrl), MonitorSettingKind.Text,
        "none", "A single upstream (leanpoint's legacy mode), named after its host.",
        o => string.IsNullOrWhiteSpace(o.Upstreams.LeanUrl) ? "none" : UrlRedaction.MaskText(o.Upstreams.LeanUrl))
    {
        Options = typeof(UpstreamsOptions),
    };

    public static MonitorSetting PollMs { get; } = new(
        "poll-ms", "--poll-ms", "MS", "LEANPOINT_POLL_MS", nameof(PollingOptions.PollMs), MonitorSettingKind.Number,
        "10000", "Time between the starts of two poll rounds, in milliseconds.",
        o => Invariant(o.Polling.PollMs))
    {
        Options = typeof(PollingOptions),
    };

    public static MonitorSetting TimeoutMs { get; } = new(
        "timeout-ms", "--timeout-ms", "MS", "LEANPOINT_TIMEOUT_MS", nameof(PollingOptions.TimeoutMs), MonitorSettingKind.Number,
        "5000", "Timeout of one request to an upstream, in milliseconds.",
        o => Invariant(o.Polling.TimeoutMs))
    {
        Options = typeof(PollingOptions),
    };

    public static MonitorSetting StaleMs { get; } = new(
        "stale-ms", "--stale-ms", "MS", "LEANPOINT_STALE_MS", nameof(CheckpointSyncOptions.StaleMs), MonitorSettingKind.Number,
        "30000", "The monitor is stale (`stale` in /status, 503 from /healthz, /readyz and the checkpoint routes) when its last finalized consensus is older than this (or there is none yet), in milliseconds.",
        o => Invariant(o.CheckpointSync.StaleMs))
    {
        Options = typeof(CheckpointSyncOptions),
    };

    public static MonitorSetting PollConcurrency { get; } = new(
        "poll-concurrency", "--poll-concurrency", "N", "LEANPOINT_POLL_CONCURRENCY", nameof(PollingOptions.PollConcurrency),
        MonitorSettingKind.Number, "64",
        "Most upstream requests in flight at once; 0 means the default (64); values above 256 are clamped to 256 with a warning.",
        o => o.Polling.GateCapacity == o.Polling.PollConcurrency
            ? Invariant(o.Polling.PollConcurrency)
            : string.Create(CultureInfo.InvariantCulture, $"{o.Polling.GateCapacity} (asked {o.Polling.PollConcurrency})"))
    {
        Options = typeof(PollingOptions),
    };

    public static MonitorSetting IdentityEveryRounds { get; } = new(
        "identity-every-rounds", null, null, null, nameof(PollingOptions.IdentityEveryRounds), MonitorSettingKind.Number,
        "30", "Read each upstream's identity, version, syncing and genesis (after its fork choice, where served) at its first answer, after it recovers, then every N rounds.",
        o => Invariant(o.Polling.IdentityEveryRounds))
    {
        Options = typeof(PollingOptions),
    };

    public static MonitorSetting AggregatorEveryRounds { get; } = new(
        "aggregator-every-rounds", null, null, null, nameof(PollingOptions.AggregatorEveryRounds), MonitorSettingKind.Number,
        "10", "Ask each upstream whether it aggregates (after its fork choice) in the first round, then every N rounds (1: every round).",
        o => Invariant(o.Polling.AggregatorEveryRounds))
    {
        Options = typeof(PollingOptions),
    };

    public static MonitorSetting LogFormat { get; } = new(
        "log-format", "--log-format", "FORMAT", "LEANPOINT_LOG_FORMAT", nameof(MonitorHostOptions.LogFormat), MonitorSettingKind.Text,
        "text", "Console log format: text, or json (one compact JSON object per line, for containers).",
        o => o.Host.LogFormat)
    {
        Options = typeof(MonitorHostOptions),
    };

    public static MonitorSetting Demo { get; } = new(
        "demo", "--demo", "N", null, nameof(MonitorHostOptions.DemoNodes), MonitorSettingKind.OptionalNumber,
        "off", "Run against a built-in simulated devnet of N nodes (N defaults to 8) instead of the configured upstreams.",
        o => o.Host.DemoNodes is { } n ? Invariant(n) : "off",
        ImplicitValue: "8")
    {
        Options = typeof(MonitorHostOptions),
    };

    public static MonitorSetting DemoSlotMs { get; } = new(
        "demo-slot-ms", "--demo-slot-ms", "MS", null, nameof(MonitorHostOptions.DemoSlotMs), MonitorSettingKind.Number,
        "4000", "Slot duration of the demo devnet, in milliseconds.",
        o => Invariant(o.Host.DemoSlotMs))
    {
        Options = typeof(MonitorHostOptions),
    };

    public static MonitorSetting DemoScenario { get; } = new(
        "demo-scenario", "--demo-scenario", "NAME", "LEANPOINT_DEMO_SCENARIO", nameof(MonitorHostOptions.DemoScenario),
        MonitorSettingKind.Text, "none",
        "With --demo: after a short warm-up, stall finalization (finality-stall), split a node off (fork) or take one down (node-down) for 24 slots, so an alert fires within a minute and then resolves.",
        o => string.IsNullOrWhiteSpace(o.Host.DemoScenario) ? "none" : o.Host.DemoScenario)
    {
        Options = typeof(MonitorHostOptions),
    };

    public static MonitorSetting ConsensusThreshold { get; } = new(
        "consensus-threshold-percent", null, null, null, nameof(ConsensusOptions.ConsensusThresholdPercent),
        MonitorSettingKind.Number, "50",
        "A checkpoint has consensus when strictly more than this percentage of the configured upstreams agree (0-99).",
        o => Invariant(o.Consensus.ConsensusThresholdPercent))
    {
        Options = typeof(ConsensusOptions),
    };

    public static MonitorSetting MaxStateBytes { get; } = new(
        "max-state-bytes", null, null, null, nameof(CheckpointSyncOptions.MaxStateBytes), MonitorSettingKind.LargeNumber,
        "67108864", "Largest finalized state the checkpoint-sync cache downloads, in bytes.",
        o => o.CheckpointSync.MaxStateBytes.ToString(CultureInfo.InvariantCulture))
    {
        Options = typeof(CheckpointSyncOptions),
    };

    public static MonitorSetting History { get; } = new(
        "history", "--history", "PATH", "LEANPOINT_HISTORY", "History:" + nameof(HistoryOptions.Path), MonitorSettingKind.Text,
        "./data/history.db",
        "Where the fleet's history is kept: a SQLite file, a PostgreSQL URL (postgres://…) or connection string (Host=…;Database=…), or off.",
        o => o.History.Enabled ? UrlRedaction.MaskText(o.History.Path) : HistoryOptions.Off)
    {
        Options = typeof(HistoryOptions),
    };

    public static MonitorSetting Instance { get; } = new(
        "instance", "--instance", "NAME", "LEANPOINT_INSTANCE", "History:" + nameof(HistoryOptions.Instance), MonitorSettingKind.Text,
        "the host name", "This monitor's name on every history row, so several monitors can share one PostgreSQL history.",
        o => string.IsNullOrWhiteSpace(o.History.Instance) ? "the host name" : o.History.Instance)
    {
        Options = typeof(HistoryOptions),
    };

    public static MonitorSetting AlertWebhook { get; } = new(
        "alert-webhook", "--alert-webhook", "URL", "LEANPOINT_ALERT_WEBHOOK", "Alerts:" + nameof(AlertOptions.Webhook),
        MonitorSettingKind.Text, "none",
        "A generic JSON webhook that receives every alert and its resolution (more receivers, Slack, Discord, Alertmanager: Monitor:Alerts, see docs/alerts.md).",
        o => string.IsNullOrWhiteSpace(o.Alerts.Webhook) ? "none" : ReceiverUrls.Display(o.Alerts.Webhook))
    {
        Options = typeof(AlertOptions),
    };

    public static MonitorSetting AlertTest { get; } = new(
        "alert-test", "--alert-test", null, null, null, MonitorSettingKind.Switch, "",
        "Send one test notification to every configured alert receiver, print what each answered, exit 0 if all accepted it, else 1.");

    public static MonitorSetting CheckConfig { get; } = new(
        "check-config", "--check-config", null, null, null, MonitorSettingKind.Switch, "",
        "Validate everything, print the effective settings and the upstream list, exit 0; or print the errors, exit 2.");

    public static MonitorSetting Help { get; } = new(
        "help", "--help", null, null, null, MonitorSettingKind.Switch, "", "Print this help (also -h) and exit.",
        Aliases: ["-h", "-?"]);

    public static MonitorSetting Version { get; } = new(
        "version", "--version", null, null, null, MonitorSettingKind.Switch, "", "Print the version and exit.");

    /// <summary>Every row, in the order shown by <c>--help</c>, <c>--check-config</c> and the README.</summary>
    public static IReadOnlyList<MonitorSetting> All { get; } =
    [
        Bind, Port, UpstreamsConfig, LeanUrl, PollMs, TimeoutMs, StaleMs, PollConcurrency, AggregatorEveryRounds, IdentityEveryRounds, LogFormat, Demo,
        DemoSlotMs, DemoScenario, ConsensusThreshold, MaxStateBytes, History, Instance, AlertWebhook, AlertTest, CheckConfig, Help,
        Version,
    ];

    /// <summary>The rows that carry a value bound into a feature's options.</summary>
    public static IReadOnlyList<MonitorSetting> Values { get; } = [.. All.Where(s => s.Key is not null)];

    public static MonitorSetting? FindKey(string key) =>
        Values.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal));

    /// <summary>The README's configuration table (Markdown), generated so it cannot drift from the code.</summary>
    public static string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| Flag | Environment | appsettings.json | Default | Meaning |\n");
        text.Append("|---|---|---|---|---|\n");
        foreach (var setting in All)
        {
            text.Append("| ").Append(setting.Usage is { } usage ? $"`{usage}`" : "—")
                .Append(" | ").Append(setting.EnvironmentVariable is { } env ? $"`{env}`" : "—")
                .Append(" | ").Append(setting.ConfigurationPath is { } path ? $"`{path}`" : "—")
                .Append(" | ").Append(setting.DefaultText.Length == 0 ? "—" : setting.DefaultText)
                .Append(" | ").Append(setting.Meaning)
                .Append(" |\n");
        }

        return text.ToString();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
