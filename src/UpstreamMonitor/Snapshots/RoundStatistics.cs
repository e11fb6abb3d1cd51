namespace UpstreamMonitor.Snapshots;

/// <summary>What one poll round did, for the API, metrics, logs and the dashboard.</summary>
public sealed record RoundStatistics
{
    public required long Number { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>ceil(N / capacity) × 2 × timeout + timeout.</summary>
    public required TimeSpan Budget { get; init; }

    /// <summary>Gate capacity used this round.</summary>
    public required int Concurrency { get; init; }

    public int Dispatched { get; init; }

    /// <summary>Jobs that finished (successfully or not) before the deadline.</summary>
    public int Completed { get; init; }

    /// <summary>Completed jobs that ended in an error or timeout.</summary>
    public int Failed { get; init; }

    /// <summary>Jobs cancelled at the deadline: <c>timeout (abandoned)</c>.</summary>
    public int Abandoned { get; init; }

    /// <summary>Upstreams not dispatched before the deadline.</summary>
    public int Skipped { get; init; }

    /// <summary>Upstreams not dispatched because a straggler from an earlier round still runs.</summary>
    public int InFlight { get; init; }

    public TimeSpan Duration => FinishedAt - StartedAt;
}
