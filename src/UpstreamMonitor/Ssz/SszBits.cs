// Compiled into the simulator too (decision 0901), under its own namespace so the tests see one type per assembly.
#if LEAN_SIMULATOR
namespace UpstreamMonitor.Simulator.Ssz;
#else
namespace UpstreamMonitor.Ssz;
#endif

/// <summary>
/// A bitlist's content before encoding: <paramref name="Packed"/> holds bit i at byte i / 8, bit i % 8, and at least
/// ceil(Length / 8) bytes (bits at or past Length are ignored). Encoding appends the SSZ delimiter bit.
/// </summary>
internal readonly record struct SszBits(ReadOnlyMemory<byte> Packed, ulong Length)
{
    public static SszBits Empty => new(ReadOnlyMemory<byte>.Empty, 0);

    /// <summary>Serialized size: the data bytes plus room for the delimiter.</summary>
    public int EncodedLength => (int)(Length / 8) + 1;

    /// <summary>Writes the bits and the delimiter into <paramref name="destination"/> (<see cref="EncodedLength"/> bytes).</summary>
    public void Encode(Span<byte> destination)
    {
        var encoded = destination[..EncodedLength];
        encoded.Clear();
        var whole = (int)(Length / 8);
        Packed.Span[..whole].CopyTo(encoded);
        var rest = (int)(Length % 8);
        if (rest > 0)
        {
            encoded[whole] = (byte)(Packed.Span[whole] & ((1 << rest) - 1));
        }

        encoded[whole] |= (byte)(1 << rest);
    }
}
