using System.Buffers.Binary;
using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>How a downloaded state compares with the checkpoint it was fetched for.</summary>
public enum StateVerdict
{
    /// <summary>Well-formed and at the target slot: cache it.</summary>
    Valid,

    /// <summary>Malformed, text, or at an older slot: try the next majority upstream.</summary>
    Invalid,

    /// <summary>Well-formed but newer than the target: finalization moved on while downloading.</summary>
    NewerThanTarget,
}

/// <summary>The outcome of <see cref="FinalizedStateValidator.Validate"/>.</summary>
public readonly record struct StateValidation(StateVerdict Verdict, long? Slot, string? Reason);

/// <summary>
/// Cheap structural checks on an SSZ <c>State</c> before it is cached: at least the 228-byte fixed part, the first
/// variable-field offset equal to 228, and the slot at [8, 16) equal to the consensus finalized slot.
/// </summary>
public static class FinalizedStateValidator
{
    private const int SlotOffset = 8;
    private const int FirstVariableOffsetPosition = 208;

    public static StateValidation Validate(ReadOnlySpan<byte> state, long targetSlot)
    {
        if (state.Length < StatePrefix.Length)
        {
            return Invalid(null, $"state is {state.Length} bytes, shorter than the {StatePrefix.Length}-byte fixed part");
        }

        if (LooksLikeText(state[..StatePrefix.Length]))
        {
            return Invalid(null, "state is text (JSON or HTML), not SSZ");
        }

        var firstOffset = BinaryPrimitives.ReadUInt32LittleEndian(state.Slice(FirstVariableOffsetPosition, 4));
        if (firstOffset != StatePrefix.Length)
        {
            return Invalid(null, $"first variable-field offset is {firstOffset}, expected {StatePrefix.Length}");
        }

        var rawSlot = BinaryPrimitives.ReadUInt64LittleEndian(state.Slice(SlotOffset, 8));
        if (rawSlot > Checkpoint.MaxSlot)
        {
            return Invalid(null, $"state slot {rawSlot} is out of range");
        }

        var slot = (long)rawSlot;
        if (slot > targetSlot)
        {
            return new StateValidation(StateVerdict.NewerThanTarget, slot, $"state slot {slot} is newer than the consensus finalized slot {targetSlot}");
        }

        return slot == targetSlot
            ? new StateValidation(StateVerdict.Valid, slot, null)
            : Invalid(slot, $"state slot {slot} is older than the consensus finalized slot {targetSlot}");
    }

    /// <summary>
    /// A block body has no fixed layout the monitor can check cheaply; it must at least be binary, non-empty and
    /// start with an SSZ offset that points inside the body.
    /// </summary>
    public static bool IsPlausibleBlock(ReadOnlySpan<byte> block) =>
        block.Length >= 4
        && !LooksLikeText(block[..Math.Min(block.Length, StatePrefix.Length)])
        && BinaryPrimitives.ReadUInt32LittleEndian(block) <= (uint)block.Length;

    private static StateValidation Invalid(long? slot, string reason) => new(StateVerdict.Invalid, slot, reason);

    // SSZ starts with little-endian integers and roots; a JSON or HTML error page is printable ASCII throughout.
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b is < 0x09 or (> 0x0d and < 0x20) or > 0x7e)
            {
                return false;
            }
        }

        return true;
    }
}
