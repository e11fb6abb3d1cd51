namespace UpstreamMonitor.CheckpointSync;

/// <summary>The finalized state (and block, when the majority serves it) new lean nodes fetch for checkpoint sync.</summary>
public interface IFinalizedStateCache
{
    /// <summary>The latest validated state; null until the first one is cached.</summary>
    CachedCheckpointArtifact? State { get; }

    /// <summary>The block of <see cref="State"/>'s checkpoint; null when no majority upstream served it.</summary>
    CachedCheckpointArtifact? Block { get; }

    /// <summary>The checkpoint both routes serve now (slot, root, source upstream, verified at); null until one is cached.</summary>
    ServingCheckpoint? Serving { get; }

    /// <summary>Raised after a new state (and its block) replaced the previous one.</summary>
    event Action<CachedCheckpointArtifact>? StateCached;
}
