namespace UpstreamMonitor.LeanApi;

/// <summary>A (slot, root) pair as the lean API reports it. Roots are <c>0x</c> + 64 lowercase hex characters.</summary>
public readonly record struct Checkpoint(long Slot, string Root)
{
    /// <summary>Slots are JSON integers below 2^53 (the largest an IEEE double holds exactly).</summary>
    public const long MaxSlot = (1L << 53) - 1;

    public override string ToString() => $"{Slot}/{Root}";
}
