namespace UpstreamMonitor.CheckpointSync;

/// <summary>Holds the state and block as one pair so a reader never sees a block of another checkpoint.</summary>
public sealed class FinalizedStateCache : IFinalizedStateCache
{
    private Entry? _entry;

    public CachedCheckpointArtifact? State => Volatile.Read(ref _entry)?.State;

    public CachedCheckpointArtifact? Block => Volatile.Read(ref _entry)?.Block;

    public ServingCheckpoint? Serving => Volatile.Read(ref _entry)?.Serving;

    public event Action<CachedCheckpointArtifact>? StateCached;

    /// <summary>Replaces the cached pair in one write, so both routes switch together. <paramref name="block"/> must belong to the same checkpoint, or be null.</summary>
    public void Store(CachedCheckpointArtifact state, CachedCheckpointArtifact? block, string? stateRoot = null, DateTimeOffset? vouchedAsOf = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (block is not null && (block.Slot != state.Slot || block.Root != state.Root))
        {
            throw new ArgumentException("The block belongs to another checkpoint than the state.", nameof(block));
        }

        Volatile.Write(ref _entry, new Entry(state, block, new ServingCheckpoint(state.Slot, state.Root, stateRoot, state.Upstream, state.CachedAt, block is not null, vouchedAsOf)));
        StateCached?.Invoke(state);
    }

    private sealed record Entry(CachedCheckpointArtifact State, CachedCheckpointArtifact? Block, ServingCheckpoint Serving);
}
