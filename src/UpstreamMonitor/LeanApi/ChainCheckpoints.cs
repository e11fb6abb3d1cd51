namespace UpstreamMonitor.LeanApi;

/// <summary>
/// A (slot, root) pair as observed, where either part may be unknown: a head missing from the node's <c>nodes</c> has
/// no slot, and the fallback (fork-choice route missing) gives slots without roots.
/// </summary>
public readonly record struct ObservedCheckpoint(long? Slot, string? Root)
{
    public static implicit operator ObservedCheckpoint(Checkpoint checkpoint) => new(checkpoint.Slot, checkpoint.Root);

    /// <summary>The pair as a wire checkpoint, when both parts are known.</summary>
    public Checkpoint? Known => Slot is { } slot && Root is { } root ? new Checkpoint(slot, root) : null;
}

/// <summary>
/// The head, justified and finalized checkpoints a node reports, or the fleet's published consensus holds. The one
/// observation type from the parsed fork choice through the poll outcome and the registry to the snapshot and the API.
/// A struct so the poll hot path carries it without an allocation.
/// </summary>
public readonly record struct ChainCheckpoints(ObservedCheckpoint Head, ObservedCheckpoint Justified, ObservedCheckpoint Finalized)
{
    /// <summary>Nothing known yet.</summary>
    public static ChainCheckpoints Unknown => default;

    /// <summary>The fallback's answer: justified and finalized slots, no roots, no head.</summary>
    public static ChainCheckpoints FromSlots(long justifiedSlot, long finalizedSlot) =>
        new(default, new ObservedCheckpoint(justifiedSlot, null), new ObservedCheckpoint(finalizedSlot, null));
}
