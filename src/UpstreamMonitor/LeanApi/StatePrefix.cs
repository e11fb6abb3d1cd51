namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The fixed 228-byte prefix of an SSZ <c>State</c>: enough to learn the finalized slot without the megabytes behind it.
/// The embedded checkpoints are as known to the state's block and lag the node's live view.
/// </summary>
public sealed record StatePrefix(
    ulong GenesisTime,
    long Slot,
    long LatestBlockHeaderSlot,
    Checkpoint LatestJustified,
    Checkpoint LatestFinalized)
{
    /// <summary>Size of the fixed part of a <c>State</c>; also the value the first variable-field offset must hold.</summary>
    public const int Length = 228;
}
