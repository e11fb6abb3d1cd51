using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Snapshots;

/// <summary>
/// The global status with leanpoint's semantics (its <c>/status</c> seven fields, plus head and roots).
/// Slots and roots are the last published consensus values: they persist through rounds without consensus.
/// </summary>
public sealed record MonitorStatus
{
    public static MonitorStatus Initial { get; } = new();

    /// <summary>The last published consensus head, justified and finalized; unknown before any.</summary>
    public ChainCheckpoints Chain { get; init; }

    /// <summary>End of the latest round.</summary>
    public DateTimeOffset? LastUpdated { get; init; }

    /// <summary>End of the latest round that reached finalized consensus.</summary>
    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>Rounds without consensus (leanpoint's <c>error_count</c>).</summary>
    public long ErrorCount { get; init; }

    /// <summary>Why the latest round had no consensus; null after a round with consensus.</summary>
    public string? LastError { get; init; }

    /// <summary>Rounds whose finalized consensus moved below the published one (logged, counted, published; decision 0903).</summary>
    public long FinalityRegressions { get; init; }

    /// <summary>Set while the finalized consensus is below the highest slot it had reached; null otherwise.</summary>
    public FinalityRegression? Regression { get; init; }

    /// <summary>Stale: no consensus yet, or the last one is older than <paramref name="staleAfter"/>.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan staleAfter) =>
        LastSuccess is not { } success || now - success > staleAfter;
}
