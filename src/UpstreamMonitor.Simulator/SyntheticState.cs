using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using UpstreamMonitor.Simulator.Ssz;
using UpstreamMonitor.Simulator.Ssz.Forks;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// How a served state fills its configured size with valid lstar SSZ. Per slot only the head part changes (the
/// 228-byte fixed part, the block-hash window and justified_slots); validators, zero justification roots and the
/// justification-vote bitlist are the same for every slot, so their roots are hashed once and their bytes shared.
/// </summary>
internal sealed class SyntheticStateLayout
{
    /// <summary>Block hashes kept per state: a window of the newest, so a long run costs at most 128 KiB a slot.</summary>
    public const int HistoryWindow = 4096;

    private const int JustifiedSlotsLength = 1;

    public SyntheticStateLayout(long stateSize, int validatorCount, long seed)
    {
        var available = Math.Max(0, stateSize - Lstar.StateFixedLength - JustifiedSlotsLength - 1);
        ValidatorCount = (int)Math.Min(Math.Min(validatorCount, (long)Lstar.ValidatorRegistryLimit), available / Lstar.ValidatorLength);
        var rest = available - ((long)ValidatorCount * Lstar.ValidatorLength);
        HistoryCapacity = (int)Math.Min(rest / Lstar.RootLength, (long)Lstar.HistoricalRootsLimit);

        // The votes bitlist takes what is left, up to its 2^30-bit limit (a state cannot be larger than that).
        var votesLength = (int)Math.Min(rest - ((long)HistoryCapacity * Lstar.RootLength) + 1, (long)(Lstar.JustificationValidatorsLimit / 8));
        Votes = new byte[votesLength];
        for (var i = 0; i < Votes.Length; i++)
        {
            Votes[i] = (byte)((i * 31) + 7);
        }

        Votes[^1] |= 0x80;
        Validators = new byte[ValidatorCount * Lstar.ValidatorLength];
        for (var i = 0; i < ValidatorCount; i++)
        {
            // Keys from the seed: another seed is another validator set, so every root differs.
            var keys = SyntheticState.Pattern(unchecked((int)(seed * 8191) + i), 2 * Lstar.PublicKeyLength);
            LstarEncoder.Validator(keys.AsSpan(0, Lstar.PublicKeyLength), keys.AsSpan(Lstar.PublicKeyLength), (ulong)i).CopyTo(Validators, i * Lstar.ValidatorLength);
        }

        ValidatorsRoot = ValidatorListRoot(Validators, ValidatorCount);
        VotesRoot = new byte[32];
        if (!SszDecoder.TryReadBitlist(Votes, "votes", Lstar.JustificationValidatorsLimit, out var bits, out var data, out var last, out var error))
        {
            throw new InvalidOperationException(error);
        }

        SszDecoder.BitlistRoot(Votes, Lstar.JustificationValidatorsLimit, bits, data, last, VotesRoot);
        Length = Lstar.StateFixedLength + ((long)HistoryCapacity * Lstar.RootLength) + JustifiedSlotsLength + Validators.Length + Votes.Length;
    }

    /// <summary>Validators in the state: one per validator, as many as the size and the registry limit allow.</summary>
    public int ValidatorCount { get; }

    /// <summary>Entries shared by historical_block_hashes and (zero) justifications_roots: constant, so the size is.</summary>
    public int HistoryCapacity { get; }

    public byte[] Validators { get; }

    public byte[] Votes { get; }

    public byte[] ValidatorsRoot { get; }

    public byte[] VotesRoot { get; }

    /// <summary>Bytes of every served state: the configured size, unless it is below 230 or above what SSZ allows.</summary>
    public long Length { get; }

    public int HistoryCount(long slot, long anchorSlot) => (int)Math.Min(Math.Min(slot - anchorSlot, HistoryCapacity), HistoryWindow);

    private static byte[] ValidatorListRoot(byte[] validators, int count)
    {
        var roots = new byte[count * 32];
        for (var i = 0; i < count; i++)
        {
            Lstar.ValidatorRoot(validators.AsSpan(i * Lstar.ValidatorLength, Lstar.ValidatorLength), roots.AsSpan(i * 32, 32));
        }

        var root = new byte[32];
        SszMerkle.Merkleize(roots, Lstar.ValidatorRegistryLimit, root);
        SszMerkle.MixInLength(root, (ulong)count);
        return root;
    }
}

/// <summary>
/// The finalized SSZ <c>State</c> of a simulated block: real lstar SSZ whose hash_tree_root is the block's state_root.
/// Only its head part is built per (chain, slot); the rest of the body is the layout's shared bytes.
/// </summary>
internal static class SyntheticState
{
    public const int PrefixLength = SimulatedDevnetOptions.StatePrefixLength;

    /// <summary>justified_slots: no bits on the canonical chain, one on the minority fork (so its roots differ).</summary>
    public const byte CanonicalJustifiedSlots = 0x01;

    public const byte MinorityJustifiedSlots = 0x03;

    /// <summary>What <see cref="Persona.WrongStateRoot"/> serves instead: valid SSZ of another root.</summary>
    public const byte WrongJustifiedSlots = 0x05;

    /// <summary>hash_tree_root(BlockBody { attestations: [] }).</summary>
    public static readonly byte[] EmptyBodyRoot = CreateEmptyBodyRoot();

    /// <summary>Zero bytes streamed as the zero justifications_roots.</summary>
    public static readonly ReadOnlyMemory<byte> Zeros = new byte[64 * 1024];

    public static byte[] Pattern(int seed, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((seed * 7) + i);
        }

        return bytes;
    }

    /// <summary>hash_tree_root of the state at <paramref name="slot"/> and of the block it is the post-state of.</summary>
    public static SlotRoots ComputeRoots(SimulatedChain chain, long slot, bool fork)
    {
        var head = CreateHead(chain, slot, fork, fork ? MinorityJustifiedSlots : CanonicalJustifiedSlots);
        var layout = chain.Layout;
        var history = layout.HistoryCount(slot, chain.AnchorSlot);
        var zeros = layout.HistoryCapacity - history;

        // The ten State fields in order (LstarStateFields); the constant ones were hashed with the layout.
        Span<byte> fields = stackalloc byte[10 * 32];
        SszMerkle.UInt64Root(chain.GenesisTime, fields[..32]);
        SszMerkle.UInt64Root((ulong)slot, fields[32..64]);
        Lstar.BlockHeaderRoot(head.AsSpan(Lstar.StateHeaderPosition, Lstar.BlockHeaderLength), fields[64..96]);
        Lstar.CheckpointRoot(head.AsSpan(Lstar.StateHeaderPosition + Lstar.BlockHeaderLength, Lstar.CheckpointLength), fields[96..128]);
        Lstar.CheckpointRoot(head.AsSpan(Lstar.StateHeaderPosition + Lstar.BlockHeaderLength + Lstar.CheckpointLength, Lstar.CheckpointLength), fields[128..160]);
        SszMerkle.Merkleize(head.AsSpan(PrefixLength, history * 32), Lstar.HistoricalRootsLimit, fields[160..192]);
        SszMerkle.MixInLength(fields[160..192], (ulong)history);
        SszDecoder.TryReadBitlist(head.AsSpan(^1), "justified_slots", Lstar.HistoricalRootsLimit, out var bits, out var data, out var last, out _);
        SszDecoder.BitlistRoot(head.AsSpan(^1), Lstar.HistoricalRootsLimit, bits, data, last, fields[192..224]);
        layout.ValidatorsRoot.CopyTo(fields[224..256]);
        SszMerkle.Merkleize([], Lstar.HistoricalRootsLimit, fields[256..288]); // zero roots hash like an empty tree
        SszMerkle.MixInLength(fields[256..288], (ulong)zeros);
        layout.VotesRoot.CopyTo(fields[288..320]);
        var stateRoot = new byte[32];
        SszMerkle.Merkleize(fields, 10, stateRoot);

        var header = head.AsSpan(Lstar.StateHeaderPosition, Lstar.BlockHeaderLength).ToArray();
        stateRoot.CopyTo(header, Lstar.HeaderStateRootPosition);
        var blockRoot = new byte[32];
        Lstar.BlockHeaderRoot(header, blockRoot);
        return new SlotRoots(blockRoot, stateRoot);
    }

    /// <summary>The per-slot head of the state: fixed part, the block-hash window, justified_slots.</summary>
    public static byte[] CreateHead(SimulatedChain chain, long slot, bool fork, byte justifiedSlots)
    {
        var layout = chain.Layout;
        var history = layout.HistoryCount(slot, chain.AnchorSlot);
        var head = new byte[PrefixLength + (history * 32) + 1];
        var span = head.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span[0..], chain.GenesisTime);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)slot);

        // latest_block_header: slot, proposer_index, parent_root, state_root (zero in a served post-state), body_root.
        LstarEncoder.BlockHeader((ulong)slot, (ulong)(slot % chain.ValidatorCount), chain.ParentRootBytes(slot, fork), new byte[32], EmptyBodyRoot)
            .CopyTo(span[Lstar.StateHeaderPosition..]);

        // The checkpoints as known to that block: the same lag rule, one level down.
        var known = ChainView.At(slot, fork);
        // The genesis state knows no earlier block: its checkpoints are zero, as in leanSpec's genesis.
        LstarEncoder.Checkpoint(known.Justified < slot ? chain.BlockRootBytes(known.Justified, fork) : new byte[32], (ulong)known.Justified).CopyTo(span[128..]);
        LstarEncoder.Checkpoint(known.Finalized < slot ? chain.BlockRootBytes(known.Finalized, fork) : new byte[32], (ulong)known.Finalized).CopyTo(span[168..]);

        var offset = (uint)PrefixLength;
        uint[] lengths = [(uint)(history * 32), 1, (uint)layout.Validators.Length, (uint)((layout.HistoryCapacity - history) * 32)];
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(208 + (i * 4))..], offset);
            offset += i < lengths.Length ? lengths[i] : 0;
        }

        for (var i = 0; i < history; i++)
        {
            chain.BlockRootBytes(slot - history + i, fork).CopyTo(span[(PrefixLength + (i * 32))..]);
        }

        span[^1] = justifiedSlots;
        return head;
    }

    /// <summary>The whole state, for tests and callers that want one buffer (nodes stream the parts instead).</summary>
    public static byte[] CreateFull(SimulatedChain chain, long slot, bool fork)
    {
        var head = CreateHead(chain, slot, fork, fork && slot >= chain.ForkSlot ? MinorityJustifiedSlots : CanonicalJustifiedSlots);
        var layout = chain.Layout;
        var state = new byte[layout.Length];
        head.CopyTo(state, 0);
        layout.Validators.CopyTo(state, head.Length);
        layout.Votes.CopyTo(state, state.Length - layout.Votes.Length);
        return state;
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
            json.WriteString("body_root", SimulatedChain.ToHex(EmptyBodyRoot));
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

    private static byte[] CreateEmptyBodyRoot()
    {
        var root = new byte[32];
        if (!Lstar.TryHashBlockBody([4, 0, 0, 0], root, out var error))
        {
            throw new InvalidOperationException(error);
        }

        return root;
    }
}

/// <summary>The finalized SSZ <c>SignedBlock</c>: an empty body, a real state_root, and a small fixed proof.</summary>
internal static class SyntheticBlock
{
    private static readonly byte[] Proof = SyntheticState.Pattern(3, 96);

    public static byte[] Create(SimulatedChain chain, long slot, bool fork) =>
        LstarEncoder.SignedBlock(
            (ulong)slot,
            (ulong)(slot % chain.ValidatorCount),
            chain.ParentRootBytes(slot, fork),
            chain.Roots(slot, fork).StateRoot,
            [],
            Proof);
}
