namespace UpstreamMonitor.Configuration;

/// <summary>
/// Every setting of the monitor, bound from the <c>Monitor</c> section. Sources, highest precedence first:
/// command-line flags, <c>LEANPOINT_*</c> environment variables, appsettings.json, these defaults.
/// </summary>
public sealed class MonitorOptions
{
    public const string SectionName = "Monitor";

    public const int DefaultPollConcurrency = 64;
    public const int MaxPollConcurrency = 256;

    /// <summary><c>--bind</c> / <c>LEANPOINT_BIND_ADDR</c>.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary><c>--port</c> / <c>LEANPOINT_BIND_PORT</c>.</summary>
    public int Port { get; set; } = 5555;

    /// <summary><c>--upstreams-config</c> / <c>LEANPOINT_UPSTREAMS_CONFIG</c>: leanpoint JSON or lean-quickstart YAML.</summary>
    public string? UpstreamsConfig { get; set; }

    /// <summary><c>--lean-url</c> / <c>LEANPOINT_LEAN_URL</c>: a single upstream (leanpoint's legacy mode).</summary>
    public string? LeanUrl { get; set; }

    /// <summary><c>--poll-ms</c> / <c>LEANPOINT_POLL_MS</c>.</summary>
    public int PollMs { get; set; } = 10_000;

    /// <summary><c>--timeout-ms</c> / <c>LEANPOINT_TIMEOUT_MS</c>: one request's timeout.</summary>
    public int TimeoutMs { get; set; } = 5_000;

    /// <summary><c>--stale-ms</c> / <c>LEANPOINT_STALE_MS</c>.</summary>
    public int StaleMs { get; set; } = 30_000;

    /// <summary><c>--poll-concurrency</c> / <c>LEANPOINT_POLL_CONCURRENCY</c>: 0 means the default; above 256 is clamped.</summary>
    public int PollConcurrency { get; set; } = DefaultPollConcurrency;

    /// <summary>A checkpoint has consensus when strictly more than this percentage of configured upstreams agree.</summary>
    public int ConsensusThresholdPercent { get; set; } = 50;

    /// <summary>The largest finalized state the checkpoint-sync cache will download.</summary>
    public long MaxStateBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Console log format: <c>text</c> or <c>json</c> (for containers).</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary><c>--demo [N]</c>: run against a built-in simulated devnet of N nodes; null when not in demo mode.</summary>
    public int? DemoNodes { get; set; }

    /// <summary>Slot duration of the demo devnet, in milliseconds.</summary>
    public int DemoSlotMs { get; set; } = 4_000;

    /// <summary>Upstreams listed inline in appsettings.json (<c>Monitor:Upstreams</c>).</summary>
    public List<UpstreamEntry> Upstreams { get; set; } = [];

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollMs);

    public TimeSpan RequestTimeout => TimeSpan.FromMilliseconds(TimeoutMs);

    public TimeSpan StaleAfter => TimeSpan.FromMilliseconds(StaleMs);

    /// <summary>The gate capacity asked for: 0 → 64, above 256 → 256 (the caller logs the clamp).</summary>
    public int EffectivePollConcurrency =>
        PollConcurrency <= 0 ? DefaultPollConcurrency : Math.Min(PollConcurrency, MaxPollConcurrency);
}

/// <summary>An upstream as written in configuration (leanpoint's <c>{"name","url","path"}</c>).</summary>
public sealed class UpstreamEntry
{
    public string? Name { get; set; }

    public string? Url { get; set; }

    public string? Path { get; set; }
}
