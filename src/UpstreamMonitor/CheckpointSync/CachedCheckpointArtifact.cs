namespace UpstreamMonitor.CheckpointSync;

/// <summary>
/// A validated SSZ body (the finalized state or block) for one finalized checkpoint, as one upstream served it.
/// Served byte-for-byte; the ETag derives from the finalized root, which identifies the content.
/// </summary>
public sealed record CachedCheckpointArtifact(
    long Slot,
    string Root,
    byte[] Bytes,
    string Upstream,
    DateTimeOffset CachedAt)
{
    public string ETag { get; } = $"\"{Root}\"";

    public long Length => Bytes.LongLength;
}
