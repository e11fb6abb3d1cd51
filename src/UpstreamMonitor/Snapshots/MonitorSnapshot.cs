namespace UpstreamMonitor.Snapshots;

/// <summary>
/// Everything the monitor knows after one round, published atomically. The API, metrics and dashboard read only
/// this; nothing they do can block or slow the poller.
/// </summary>
public sealed record MonitorSnapshot
{
    public static MonitorSnapshot Empty(TimeSpan staleAfter, int thresholdPercent = 50) => new()
    {
        Version = 0,
        Upstreams = [],
        Consensus = ConsensusView.None(0, thresholdPercent),
        Status = MonitorStatus.Initial,
        StaleAfter = staleAfter,
    };

    /// <summary>Increases with every publication; 0 before the first round.</summary>
    public required long Version { get; init; }

    /// <summary>Rows in configured order.</summary>
    public required IReadOnlyList<UpstreamStatus> Upstreams { get; init; }

    public required ConsensusView Consensus { get; init; }

    public required MonitorStatus Status { get; init; }

    /// <summary>Null before the first round finishes.</summary>
    public RoundStatistics? LastRound { get; init; }

    public required TimeSpan StaleAfter { get; init; }

    /// <summary>Upstreams whose previous job is still running (gate slots held by stragglers) at publication.</summary>
    public int GateInFlight { get; init; }

    public bool IsStale(DateTimeOffset now) => Status.IsStale(now, StaleAfter);
}
