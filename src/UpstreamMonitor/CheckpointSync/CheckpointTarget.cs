using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>The consensus finalized checkpoint whose state the cache should hold.</summary>
public readonly record struct CheckpointTarget(long Slot, string Root)
{
    /// <summary>The latest round's finalized majority; null when that round reached none.</summary>
    public static CheckpointTarget? Of(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Consensus.Finalized is { } finalized ? new CheckpointTarget(finalized.Slot, finalized.Root) : null;
    }

    public bool Matches(CachedCheckpointArtifact? artifact) =>
        artifact is not null && artifact.Slot == Slot && artifact.Root == Root;

    public override string ToString() => $"{Slot}/{Root}";
}
