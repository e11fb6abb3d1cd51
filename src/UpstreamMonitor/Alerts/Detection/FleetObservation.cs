namespace UpstreamMonitor.Alerts.Detection;

/// <summary>A checkpoint as the detector compares it.</summary>
public sealed record CheckpointRef(long Slot, string Root);

/// <summary>Finality moved back from slot <paramref name="FromSlot"/> (its root may be unknown) to <paramref name="To"/>.</summary>
public sealed record FinalityStep(long FromSlot, string? FromRoot, CheckpointRef To);

/// <summary>
/// Upstreams that report the same checkpoint root; <see cref="IsMajority"/> marks the one a majority agrees on and
/// <see cref="IsFork"/> one the consensus feature found on another branch than the majority's.
/// </summary>
public sealed record CheckpointGroup(long? Slot, string Root, IReadOnlyList<string> Upstreams, bool IsMajority, bool IsFork = false);

/// <summary>How one upstream's poll ended this round, as the detector needs it.</summary>
public enum UpstreamRoundResult
{
    /// <summary>Not polled this round (skipped at the deadline, not yet polled): no evidence either way.</summary>
    NotPolled,

    Succeeded,

    /// <summary>Errored, timed out, or still stuck in an earlier round's job.</summary>
    Failed,
}

/// <summary>One upstream in a <see cref="FleetObservation"/>.</summary>
public sealed record UpstreamObservation(string Name, UpstreamRoundResult Result, long? HeadSlot, long? LagSlots);

/// <summary>
/// Everything the detector reads about one round, independent of the snapshot's shape. Built by
/// <see cref="SnapshotTranslation"/>, the only place that knows the snapshot.
/// </summary>
public sealed record FleetObservation
{
    /// <summary>Round number; the detector evaluates each round once, however often its snapshot is published.</summary>
    public required long Round { get; init; }

    /// <summary>The finalized checkpoint a majority reports this round.</summary>
    public CheckpointRef? Finalized { get; init; }

    /// <summary>
    /// While finality is moved back (the consensus rule's verdict, carried on the snapshot; decision 0903): the highest
    /// finalized checkpoint reached before and the lower one the majority reports now. Null otherwise.
    /// </summary>
    public FinalityStep? Regression { get; init; }

    public CheckpointRef? Justified { get; init; }

    public CheckpointRef? Head { get; init; }

    public IReadOnlyList<CheckpointGroup> FinalizedGroups { get; init; } = [];

    public IReadOnlyList<CheckpointGroup> HeadGroups { get; init; } = [];

    public IReadOnlyList<UpstreamObservation> Upstreams { get; init; } = [];
}
