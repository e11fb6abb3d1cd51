using System.Buffers.Binary;

namespace UpstreamMonitor.Tests.CheckpointSync;

/// <summary>Builds SSZ <c>State</c> bodies with the fixed layout of lean-api.md and a recognisable tail.</summary>
internal static class SszStates
{
    public static byte[] State(long slot, int length = 1024, byte fill = 0xA5, uint firstOffset = 228)
    {
        var bytes = new byte[length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0, 8), 1_700_000_000);
        if (length >= 16)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8, 8), (ulong)slot);
        }

        if (length >= 212)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(208, 4), firstOffset);
        }

        for (var i = 228; i < length; i++)
        {
            bytes[i] = (byte)(fill ^ (i & 0xFF));
        }

        return bytes;
    }

    /// <summary>A signed-block-like body: an SSZ offset to the message, then the message starting with its slot.</summary>
    public static byte[] Block(long slot, int length = 300)
    {
        var bytes = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0, 4), 8);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8, 8), (ulong)slot);
        bytes[^1] = 0xEE;
        return bytes;
    }
}
