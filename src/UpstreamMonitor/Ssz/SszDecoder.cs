using System.Buffers.Binary;
using System.Numerics;

// Compiled into the simulator too (decision 0901), under its own namespace so the tests see one type per assembly.
#if LEAN_SIMULATOR
namespace UpstreamMonitor.Simulator.Ssz;
#else
namespace UpstreamMonitor.Ssz;
#endif

/// <summary>
/// Bounds-checked reading of SSZ variable parts: container offsets, lists and bitlists. Every check names the field
/// and the numbers involved, so a malformed or truncated body gives a specific error and never an out-of-range read.
/// </summary>
internal static class SszDecoder
{
    public const int OffsetLength = 4;

    /// <summary>
    /// Reads the offsets of a container's variable fields (at <paramref name="offsetPositions"/> in its fixed part) into
    /// start/end pairs: the first must equal the fixed length, each at least the one before, the last within the body.
    /// </summary>
    public static bool TryReadFields(
        ReadOnlySpan<byte> container,
        string name,
        int fixedLength,
        ReadOnlySpan<int> offsetPositions,
        Span<(int Start, int End)> fields,
        out string error)
    {
        if (container.Length < fixedLength)
        {
            error = $"{name} is {container.Length} bytes, shorter than its {fixedLength}-byte fixed part";
            return false;
        }

        var previous = fixedLength;
        for (var i = 0; i < offsetPositions.Length; i++)
        {
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(container.Slice(offsetPositions[i], OffsetLength));
            if (i == 0 && offset != fixedLength)
            {
                error = $"{name}: first variable-field offset is {offset}, expected {fixedLength}";
                return false;
            }

            if (offset < previous || offset > container.Length)
            {
                error = $"{name}: offset {i} is {offset}, outside [{previous}, {container.Length}] (truncated or malformed)";
                return false;
            }

            if (i > 0)
            {
                fields[i - 1] = (previous, (int)offset);
            }

            previous = (int)offset;
        }

        if (offsetPositions.Length > 0)
        {
            fields[offsetPositions.Length - 1] = (previous, container.Length);
        }
        else if (container.Length != fixedLength)
        {
            error = $"{name} is {container.Length} bytes, expected exactly {fixedLength}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>A list of fixed-size elements: whole elements only, at most <paramref name="limit"/> of them.</summary>
    public static bool TryCountFixed(ReadOnlySpan<byte> list, string name, int elementLength, ulong limit, out int count, out string error)
    {
        count = 0;
        if (list.Length % elementLength != 0)
        {
            error = $"{name} is {list.Length} bytes, not a whole number of {elementLength}-byte elements";
            return false;
        }

        count = list.Length / elementLength;
        if ((ulong)count > limit)
        {
            error = $"{name} holds {count} elements, above its limit of {limit}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>
    /// A bitlist: at least one byte, the last byte non-zero (its highest set bit is the length delimiter), and at most
    /// <paramref name="limitBits"/> bits. Returns the bit count and the last data byte with the delimiter cleared.
    /// </summary>
    public static bool TryReadBitlist(ReadOnlySpan<byte> bits, string name, ulong limitBits, out ulong bitLength, out int dataLength, out byte lastByte, out string error)
    {
        bitLength = 0;
        dataLength = 0;
        lastByte = 0;
        if (bits.IsEmpty)
        {
            error = $"{name} is empty: a bitlist holds at least its delimiter byte";
            return false;
        }

        var last = bits[^1];
        if (last == 0)
        {
            error = $"{name} has no delimiter bit in its last byte";
            return false;
        }

        var highBit = 7 - (BitOperations.LeadingZeroCount((uint)last) - 24);
        bitLength = ((ulong)(bits.Length - 1) * 8) + (ulong)highBit;
        if (bitLength > limitBits)
        {
            error = $"{name} holds {bitLength} bits, above its limit of {limitBits}";
            return false;
        }

        // With the delimiter alone in the last byte, the data ends one byte earlier.
        dataLength = highBit == 0 ? bits.Length - 1 : bits.Length;
        lastByte = highBit == 0 ? (dataLength > 0 ? bits[dataLength - 1] : (byte)0) : (byte)(last & ~(1 << highBit));
        error = string.Empty;
        return true;
    }

    /// <summary>hash_tree_root of a bitlist already checked by <see cref="TryReadBitlist"/>.</summary>
    public static void BitlistRoot(ReadOnlySpan<byte> bits, ulong limitBits, ulong bitLength, int dataLength, byte lastByte, Span<byte> root)
    {
        var data = bits[..dataLength];
        SszMerkle.Merkleize(data, (limitBits + 255) / 256, root, data.IsEmpty ? null : lastByte);
        SszMerkle.MixInLength(root, bitLength);
    }

    /// <summary>
    /// A list of variable-size elements: a table of offsets (the first gives its size), each within the list and
    /// non-decreasing; <paramref name="count"/> is the number of elements. The caller reads each element by its offset.
    /// </summary>
    public static bool TryReadVariableList(ReadOnlySpan<byte> list, string name, ulong limit, out int count, out string error)
    {
        count = 0;
        if (list.IsEmpty)
        {
            error = string.Empty;
            return true;
        }

        if (list.Length < OffsetLength)
        {
            error = $"{name} is {list.Length} bytes, too short for its first offset";
            return false;
        }

        var first = BinaryPrimitives.ReadUInt32LittleEndian(list);
        if (first % OffsetLength != 0 || first == 0 || first > list.Length)
        {
            error = $"{name}: first offset {first} is not a valid offset-table size within {list.Length} bytes";
            return false;
        }

        count = (int)(first / OffsetLength);
        if ((ulong)count > limit)
        {
            error = $"{name} holds {count} elements, above its limit of {limit}";
            return false;
        }

        var previous = first;
        for (var i = 1; i < count; i++)
        {
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(list.Slice(i * OffsetLength, OffsetLength));
            if (offset < previous || offset > list.Length)
            {
                error = $"{name}: element offset {i} is {offset}, outside [{previous}, {list.Length}]";
                return false;
            }

            previous = offset;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Element <paramref name="index"/> of a list already checked by <see cref="TryReadVariableList"/>.</summary>
    public static ReadOnlySpan<byte> VariableElement(ReadOnlySpan<byte> list, int index, int count)
    {
        var start = (int)BinaryPrimitives.ReadUInt32LittleEndian(list.Slice(index * OffsetLength, OffsetLength));
        var end = index + 1 < count ? (int)BinaryPrimitives.ReadUInt32LittleEndian(list.Slice((index + 1) * OffsetLength, OffsetLength)) : list.Length;
        return list[start..end];
    }
}
