namespace UpstreamMonitor.History;

/// <summary>Where and how long the fleet's history is kept (<c>Monitor:History</c>).</summary>
public sealed class HistoryOptions
{
    public const string SectionName = "Monitor:History";

    /// <summary>The word that turns history off (today's memory-only behaviour).</summary>
    public const string Off = "off";

    /// <summary>
    /// A SQLite file path (default <c>./data/history.db</c>), a PostgreSQL URL (<c>postgres://…</c>) or connection
    /// string (<c>Host=…;Database=…</c>), or <c>off</c>.
    /// </summary>
    public string Path { get; set; } = "./data/history.db";

    /// <summary>This monitor's name on every row, so several monitors can share one PostgreSQL history; unset, the host name.</summary>
    public string? Instance { get; set; }

    /// <summary>The name rows carry: <see cref="Instance"/>, or the host name when it is not set.</summary>
    public string InstanceName => string.IsNullOrWhiteSpace(Instance) ? Environment.MachineName : Instance.Trim();

    /// <summary>How long raw rows (rounds, state changes, events, latency minutes) are kept.</summary>
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long the per-hour rollups are kept.</summary>
    public TimeSpan RollupRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Snapshots waiting for the writer; beyond this they are dropped (counted), never waited for.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Rows deleted per statement when pruning, so a prune never holds the store for long.</summary>
    public int PruneBatchSize { get; set; } = 5000;

    /// <summary>How often the background pruner runs.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest a history query may run before it is cancelled (the request gets 503).</summary>
    /// <summary>How often the dashboard's 24 h uptime strips are re-read (the hour counters are written once a minute).</summary>
    public TimeSpan UptimeRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest one write (or migration step) may take before it counts as failed.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most rows one query page returns.</summary>
    public int MaxPageSize { get; set; } = 5000;

    /// <summary>Wait before retrying a store that failed (doubles up to <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The chain's slot duration (lean devnets: 4 s): the finality chart's ideal slope is one slot per this.</summary>
    public TimeSpan SlotDuration { get; set; } = TimeSpan.FromSeconds(4);

    public bool Enabled => !string.Equals(Path?.Trim(), Off, StringComparison.OrdinalIgnoreCase);
}
