using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// A synthetic SSZ <c>State</c> of the finalized block: a correct 228-byte fixed part followed by filler up to the
/// configured size. Only the prefix is materialised; the filler is one shared 64 KiB pattern streamed repeatedly, so
/// a 16 MiB state costs 228 bytes per (chain, slot), whatever the node count.
/// </summary>
internal static class SyntheticState
{
    public const int PrefixLength = SimulatedDevnetOptions.StatePrefixLength;

    /// <summary>The filler pattern streamed after the prefix.</summary>
    public static readonly ReadOnlyMemory<byte> Filler = CreateFiller(64 * 1024);

    /// <summary>The fixed part for the state whose block is at <paramref name="slot"/>.</summary>
    public static byte[] CreatePrefix(SimulatedChain chain, long slot, bool fork, int validatorCount, long stateSize)
    {
        var prefix = new byte[PrefixLength];
        var span = prefix.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span[0..], chain.GenesisTime);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)slot);

        // latest_block_header: slot, proposer_index, parent_root, state_root (zero in a served post-state), body_root.
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], (ulong)slot);
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], (ulong)(slot % validatorCount));
        chain.ParentRootBytes(slot, fork).CopyTo(span[32..]);
        chain.BodyRootBytes(slot, fork).CopyTo(span[96..]);

        // The checkpoints as known to that block: the same lag rule, one level down.
        var known = ChainView.At(slot, fork);
        chain.BlockRootBytes(known.Justified, fork).CopyTo(span[128..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[160..], (ulong)known.Justified);
        chain.BlockRootBytes(known.Finalized, fork).CopyTo(span[168..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[200..], (ulong)known.Finalized);

        WriteOffsets(span[208..PrefixLength], slot, validatorCount, stateSize);
        return prefix;
    }

    /// <summary>ream's answer when the Accept header is not exactly <c>application/octet-stream</c>: the state as JSON.</summary>
    public static byte[] CreateJson(SimulatedChain chain, long slot, bool fork, int validatorCount)
    {
        var known = ChainView.At(slot, fork);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("config");
            json.WriteNumber("genesis_time", chain.GenesisTime);
            json.WriteEndObject();
            json.WriteNumber("slot", slot);
            json.WriteStartObject("latest_block_header");
            json.WriteNumber("slot", slot);
            json.WriteNumber("proposer_index", slot % validatorCount);
            json.WriteString("parent_root", SimulatedChain.ToHex(chain.ParentRootBytes(slot, fork)));
            json.WriteString("state_root", SimulatedChain.ToHex(new byte[32]));
            json.WriteString("body_root", SimulatedChain.ToHex(chain.BodyRootBytes(slot, fork)));
            json.WriteEndObject();
            json.WriteStartObject("latest_justified");
            json.WriteNumber("slot", known.Justified);
            json.WriteString("root", chain.BlockRoot(known.Justified, fork));
            json.WriteEndObject();
            json.WriteStartObject("latest_finalized");
            json.WriteNumber("slot", known.Finalized);
            json.WriteString("root", chain.BlockRoot(known.Finalized, fork));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Offsets of the five variable fields, sized like a real state (block hashes per slot, a justification bitlist,
    /// 112-byte validators) and clamped so every offset stays within the configured size; the last field takes the rest.
    /// </summary>
    private static void WriteOffsets(Span<byte> offsets, long slot, int validatorCount, long stateSize)
    {
        long[] lengths = [slot * 32, (slot / 8) + 1, validatorCount * 112L, 0];
        var offset = (long)PrefixLength;
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(offsets[(i * 4)..], (uint)Math.Min(offset, uint.MaxValue));
            if (i < lengths.Length)
            {
                offset = Math.Min(stateSize, offset + lengths[i]);
            }
        }
    }

    private static ReadOnlyMemory<byte> CreateFiller(int length)
    {
        var filler = new byte[length];
        for (var i = 0; i < filler.Length; i++)
        {
            filler[i] = (byte)((i * 31) + 7);
        }

        return filler;
    }
}

/// <summary>A synthetic SSZ <c>SignedBlock</c> of the finalized block: small, deterministic, with a real block header.</summary>
internal static class SyntheticBlock
{
    private const int MessageLength = 84;
    private const int SignatureLength = 96;

    public static byte[] Create(SimulatedChain chain, long slot, bool fork, int validatorCount)
    {
        var block = new byte[8 + MessageLength + SignatureLength];
        var span = block.AsSpan();
        // SignedBlock: offsets of the message and the signature, then both.
        BinaryPrimitives.WriteUInt32LittleEndian(span[0..], 8);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 8 + MessageLength);
        var message = span[8..];
        BinaryPrimitives.WriteUInt64LittleEndian(message[0..], (ulong)slot);
        BinaryPrimitives.WriteUInt64LittleEndian(message[8..], (ulong)(slot % validatorCount));
        chain.ParentRootBytes(slot, fork).CopyTo(message[16..]);
        chain.BodyRootBytes(slot, fork).CopyTo(message[48..]);
        BinaryPrimitives.WriteUInt32LittleEndian(message[80..], MessageLength);
        SyntheticState.Filler.Span[..SignatureLength].CopyTo(span[(8 + MessageLength)..]);
        return block;
    }
}
