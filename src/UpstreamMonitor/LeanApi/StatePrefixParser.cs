using System.Buffers.Binary;
using System.Globalization;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// Reads the fixed 228-byte part of an SSZ <c>State</c> (layout in <c>lean-api.md</c>, little-endian):
/// genesis_time [0,8), slot [8,16), latest_block_header [16,128) whose slot is its first 8 bytes,
/// latest_justified root [128,160) and slot [160,168), latest_finalized root [168,200) and slot [200,208),
/// then five 4-byte offsets [208,228) of which the first must be 228.
/// </summary>
public static class StatePrefixParser
{
    private const int FirstOffsetPosition = 208;

    public static LeanApiResult<StatePrefix> Parse(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < StatePrefix.Length)
        {
            return LeanJson.Invalid(
                $"the state ended after {prefix.Length} bytes; an SSZ State has a {StatePrefix.Length}-byte fixed part");
        }

        var firstOffset = BinaryPrimitives.ReadUInt32LittleEndian(prefix[FirstOffsetPosition..]);
        if (firstOffset != StatePrefix.Length)
        {
            return LooksLikeText(prefix[..StatePrefix.Length])
                ? new LeanApiError(LeanApiErrorKind.NotSsz, $"not SSZ: text where an SSZ State was expected: {TextExcerpt.FromBody(prefix, null)}")
                : LeanJson.Invalid(string.Create(
                    CultureInfo.InvariantCulture,
                    $"not an SSZ State: the first variable-field offset is {firstOffset}, expected {StatePrefix.Length}"));
        }

        try
        {
            var genesisTime = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            var slot = Slot(prefix, 8, "slot");
            var headerSlot = Slot(prefix, 16, "latest_block_header.slot");
            var justified = new Checkpoint(Slot(prefix, 160, "latest_justified.slot"), Root(prefix.Slice(128, 32)));
            var finalized = new Checkpoint(Slot(prefix, 200, "latest_finalized.slot"), Root(prefix.Slice(168, 32)));
            return LeanApiResult.Success(new StatePrefix(genesisTime, slot, headerSlot, justified, finalized));
        }
        catch (LeanBodyException e)
        {
            return LeanJson.Invalid(e.Message);
        }
    }

    /// <summary>True when every byte is printable ASCII or whitespace: JSON, HTML or a text error page, not SSZ.</summary>
    internal static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((>= 0x20 and < 0x7F) or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static long Slot(ReadOnlySpan<byte> prefix, int position, string field)
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(prefix[position..]);
        return value <= Checkpoint.MaxSlot
            ? (long)value
            : throw new LeanBodyException(string.Create(
                CultureInfo.InvariantCulture,
                $"state {field}: expected an integer below 2^53, got {value}"));
    }

    private static string Root(ReadOnlySpan<byte> root) => "0x" + Convert.ToHexStringLower(root);
}
