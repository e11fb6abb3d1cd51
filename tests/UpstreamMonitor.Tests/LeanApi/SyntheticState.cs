using System.Buffers.Binary;

namespace UpstreamMonitor.Tests.LeanApi;

/// <summary>SSZ State bytes with a well-formed 228-byte fixed part (lean-api.md layout) and filler behind it.</summary>
internal static class SyntheticState
{
    public const ulong GenesisTime = 1_767_225_600;

    public static byte[] Create(long slot, int totalBytes, uint firstOffset = 228)
    {
        var state = new byte[totalBytes];
        WritePrefix(state, slot, firstOffset);
        for (var i = 228; i < state.Length; i++)
        {
            state[i] = (byte)(i * 31);
        }

        return state;
    }

    public static void WritePrefix(Span<byte> state, long slot, uint firstOffset = 228)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(state, GenesisTime);
        BinaryPrimitives.WriteUInt64LittleEndian(state[8..], (ulong)slot);
        BinaryPrimitives.WriteUInt64LittleEndian(state[16..], (ulong)slot);
        state.Slice(128, 32).Fill(0x11);
        BinaryPrimitives.WriteUInt64LittleEndian(state[160..], (ulong)(slot - 2));
        state.Slice(168, 32).Fill(0xAB);
        BinaryPrimitives.WriteUInt64LittleEndian(state[200..], (ulong)(slot - 4));
        BinaryPrimitives.WriteUInt32LittleEndian(state[208..], firstOffset);
        for (var i = 1; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(state[(208 + (4 * i))..], firstOffset + (uint)(100 * i));
        }
    }
}
