using System.Buffers.Binary;

#if LEAN_SIMULATOR
namespace UpstreamMonitor.Simulator.Ssz.Forks;
#else
namespace UpstreamMonitor.Ssz.Forks;
#endif

/// <summary>What a finalized <c>State</c> says about itself: its slot, hash_tree_root and the root of its block.</summary>
internal sealed record LstarStateSummary(ulong GenesisTime, ulong Slot, string Root, string BlockRoot);

/// <summary>What a <c>SignedBlock</c> says: the message's slot, hash_tree_root(block.message) and its state_root.</summary>
internal sealed record LstarBlockSummary(ulong Slot, string Root, string StateRoot, string ParentRoot);

/// <summary>
/// The SSZ schema of leanSpec's lstar fork (<c>src/lean_spec/spec/forks/lstar/containers/</c>, read 2026-06-26 at
/// 43246bd): every container layout and list limit in one file, so the next devnet's schema is a new file beside it.
/// Slot and ValidatorIndex are uint64; roots are Bytes32; public keys Bytes52.
/// </summary>
internal static class Lstar
{
    public const ulong HistoricalRootsLimit = 1UL << 18;
    public const ulong ValidatorRegistryLimit = 1UL << 12;
    public const ulong JustificationValidatorsLimit = HistoricalRootsLimit * ValidatorRegistryLimit;

    /// <summary>ByteList512KiB, the proof of a MultiMessageAggregate.</summary>
    public const ulong ProofLimitBytes = 512 * 1024;

    public const int RootLength = 32;
    public const int CheckpointLength = RootLength + 8;
    public const int BlockHeaderLength = 8 + 8 + (3 * RootLength);
    public const int PublicKeyLength = 52;
    public const int ValidatorLength = (2 * PublicKeyLength) + 8;
    public const int AttestationDataLength = 8 + (3 * CheckpointLength);

    /// <summary>State fixed part: config, slot, header, two checkpoints, five offsets.</summary>
    public const int StateFixedLength = 8 + 8 + BlockHeaderLength + (2 * CheckpointLength) + (5 * SszDecoder.OffsetLength);

    /// <summary>Block fixed part: slot, proposer_index, parent_root, state_root, offset of body.</summary>
    public const int BlockFixedLength = 8 + 8 + (2 * RootLength) + SszDecoder.OffsetLength;

    public const int StateSlotPosition = 8;
    public const int StateHeaderPosition = 16;
    public const int HeaderStateRootPosition = 8 + 8 + RootLength;

    private const int StateFieldCount = 10;
    private const int AggregatedAttestationFixedLength = SszDecoder.OffsetLength + AttestationDataLength;
    private static readonly int[] StateOffsetPositions = [208, 212, 216, 220, 224];

    /// <summary>Checks a State's layout and hashes it: hash_tree_root(state) and the root of its latest block header
    /// with state_root set to that root (which is the block's root when the state is the block's post-state).</summary>
    public static bool TryReadState(ReadOnlySpan<byte> state, out LstarStateSummary? summary, out string error)
    {
        summary = null;
        Span<byte> root = stackalloc byte[RootLength];
        if (!TryHashState(state, root, out error))
        {
            return false;
        }

        Span<byte> header = stackalloc byte[BlockHeaderLength];
        state.Slice(StateHeaderPosition, BlockHeaderLength).CopyTo(header);
        if (header.Slice(HeaderStateRootPosition, RootLength).IndexOfAnyExcept((byte)0) < 0)
        {
            root.CopyTo(header[HeaderStateRootPosition..]);
        }

        Span<byte> blockRoot = stackalloc byte[RootLength];
        BlockHeaderRoot(header, blockRoot);
        summary = new LstarStateSummary(
            BinaryPrimitives.ReadUInt64LittleEndian(state),
            BinaryPrimitives.ReadUInt64LittleEndian(state[StateSlotPosition..]),
            ToHex(root),
            ToHex(blockRoot));
        return true;
    }

    /// <summary>hash_tree_root(State) straight from its SSZ bytes.</summary>
    public static bool TryHashState(ReadOnlySpan<byte> state, Span<byte> root, out string error)
    {
        Span<(int Start, int End)> fields = stackalloc (int, int)[5];
        if (!SszDecoder.TryReadFields(state, "state", StateFixedLength, StateOffsetPositions, fields, out error))
        {
            return false;
        }

        var historical = state[fields[0].Start..fields[0].End];
        var justifiedSlots = state[fields[1].Start..fields[1].End];
        var validators = state[fields[2].Start..fields[2].End];
        var justificationRoots = state[fields[3].Start..fields[3].End];
        var justificationValidators = state[fields[4].Start..fields[4].End];
        if (!SszDecoder.TryCountFixed(historical, "state.historical_block_hashes", RootLength, HistoricalRootsLimit, out var historicalCount, out error)
            || !SszDecoder.TryReadBitlist(justifiedSlots, "state.justified_slots", HistoricalRootsLimit, out var slotsBits, out var slotsData, out var slotsLast, out error)
            || !SszDecoder.TryCountFixed(validators, "state.validators", ValidatorLength, ValidatorRegistryLimit, out var validatorCount, out error)
            || !SszDecoder.TryCountFixed(justificationRoots, "state.justifications_roots", RootLength, HistoricalRootsLimit, out var rootsCount, out error)
            || !SszDecoder.TryReadBitlist(justificationValidators, "state.justifications_validators", JustificationValidatorsLimit, out var votesBits, out var votesData, out var votesLast, out error))
        {
            return false;
        }

        Span<byte> fieldRoots = stackalloc byte[StateFieldCount * RootLength];
        SszMerkle.UInt64Root(BinaryPrimitives.ReadUInt64LittleEndian(state), FieldRoot(fieldRoots, 0)); // config: GenesisConfig { genesis_time }
        SszMerkle.UInt64Root(BinaryPrimitives.ReadUInt64LittleEndian(state[StateSlotPosition..]), FieldRoot(fieldRoots, 1));
        BlockHeaderRoot(state.Slice(StateHeaderPosition, BlockHeaderLength), FieldRoot(fieldRoots, 2));
        CheckpointRoot(state.Slice(StateHeaderPosition + BlockHeaderLength, CheckpointLength), FieldRoot(fieldRoots, 3));
        CheckpointRoot(state.Slice(StateHeaderPosition + BlockHeaderLength + CheckpointLength, CheckpointLength), FieldRoot(fieldRoots, 4));
        RootsListRoot(historical, historicalCount, HistoricalRootsLimit, FieldRoot(fieldRoots, 5));
        SszDecoder.BitlistRoot(justifiedSlots, HistoricalRootsLimit, slotsBits, slotsData, slotsLast, FieldRoot(fieldRoots, 6));
        ValidatorsRoot(validators, validatorCount, FieldRoot(fieldRoots, 7));
        RootsListRoot(justificationRoots, rootsCount, HistoricalRootsLimit, FieldRoot(fieldRoots, 8));
        SszDecoder.BitlistRoot(justificationValidators, JustificationValidatorsLimit, votesBits, votesData, votesLast, FieldRoot(fieldRoots, 9));
        SszMerkle.Merkleize(fieldRoots, StateFieldCount, root);
        return true;
    }

    /// <summary>Checks a SignedBlock { block: Block, proof: MultiMessageAggregate } and hashes its message.</summary>
    public static bool TryReadSignedBlock(ReadOnlySpan<byte> signedBlock, out LstarBlockSummary? summary, out string error)
    {
        summary = null;
        Span<(int Start, int End)> fields = stackalloc (int, int)[2];
        if (!SszDecoder.TryReadFields(signedBlock, "signed block", 2 * SszDecoder.OffsetLength, [0, 4], fields, out error))
        {
            return false;
        }

        var block = signedBlock[fields[0].Start..fields[0].End];
        var proof = signedBlock[fields[1].Start..fields[1].End];
        Span<(int Start, int End)> proofFields = stackalloc (int, int)[1];
        if (!SszDecoder.TryReadFields(proof, "signed block.proof", SszDecoder.OffsetLength, [0], proofFields, out error))
        {
            return false;
        }

        var proofBytes = (ulong)(proofFields[0].End - proofFields[0].Start);
        if (proofBytes > ProofLimitBytes)
        {
            error = $"signed block.proof.proof is {proofBytes} bytes, above its limit of {ProofLimitBytes}";
            return false;
        }

        Span<byte> root = stackalloc byte[RootLength];
        if (!TryHashBlock(block, root, out error))
        {
            return false;
        }

        summary = new LstarBlockSummary(
            BinaryPrimitives.ReadUInt64LittleEndian(block),
            ToHex(root),
            ToHex(block.Slice(16 + RootLength, RootLength)),
            ToHex(block.Slice(16, RootLength)));
        return true;
    }

    /// <summary>hash_tree_root(Block): slot, proposer_index, parent_root, state_root, body_root.</summary>
    public static bool TryHashBlock(ReadOnlySpan<byte> block, Span<byte> root, out string error)
    {
        Span<(int Start, int End)> fields = stackalloc (int, int)[1];
        if (!SszDecoder.TryReadFields(block, "block", BlockFixedLength, [BlockFixedLength - SszDecoder.OffsetLength], fields, out error))
        {
            return false;
        }

        Span<byte> header = stackalloc byte[BlockHeaderLength];
        block[..(BlockFixedLength - SszDecoder.OffsetLength)].CopyTo(header);
        if (!TryHashBlockBody(block[fields[0].Start..fields[0].End], header[(BlockHeaderLength - RootLength)..], out error))
        {
            return false;
        }

        BlockHeaderRoot(header, root);
        return true;
    }

    /// <summary>hash_tree_root(BlockBody { attestations: List[AggregatedAttestation, VALIDATOR_REGISTRY_LIMIT] }).</summary>
    public static bool TryHashBlockBody(ReadOnlySpan<byte> body, Span<byte> root, out string error)
    {
        Span<(int Start, int End)> fields = stackalloc (int, int)[1];
        if (!SszDecoder.TryReadFields(body, "block.body", SszDecoder.OffsetLength, [0], fields, out error))
        {
            return false;
        }

        var list = body[fields[0].Start..fields[0].End];
        if (!SszDecoder.TryReadVariableList(list, "block.body.attestations", ValidatorRegistryLimit, out var count, out error))
        {
            return false;
        }

        var roots = new byte[Math.Max(1, count) * RootLength];
        for (var i = 0; i < count; i++)
        {
            if (!TryHashAggregatedAttestation(SszDecoder.VariableElement(list, i, count), i, roots.AsSpan(i * RootLength, RootLength), out error))
            {
                return false;
            }
        }

        // A single-field container's root is its field's root.
        SszMerkle.Merkleize(roots.AsSpan(0, count * RootLength), ValidatorRegistryLimit, root);
        SszMerkle.MixInLength(root, (ulong)count);
        return true;
    }

    /// <summary>BlockHeader: slot, proposer_index, parent_root, state_root, body_root (112 bytes, all fixed).</summary>
    public static void BlockHeaderRoot(ReadOnlySpan<byte> header, Span<byte> root)
    {
        Span<byte> fieldRoots = stackalloc byte[5 * RootLength];
        SszMerkle.UInt64Root(BinaryPrimitives.ReadUInt64LittleEndian(header), FieldRoot(fieldRoots, 0));
        SszMerkle.UInt64Root(BinaryPrimitives.ReadUInt64LittleEndian(header[8..]), FieldRoot(fieldRoots, 1));
        header.Slice(16, 3 * RootLength).CopyTo(fieldRoots[(2 * RootLength)..]);
        SszMerkle.Merkleize(fieldRoots, 5, root);
    }

    /// <summary>Checkpoint: root, slot.</summary>
    public static void CheckpointRoot(ReadOnlySpan<byte> checkpoint, Span<byte> root)
    {
        Span<byte> slot = stackalloc byte[RootLength];
        SszMerkle.UInt64Root(BinaryPrimitives.ReadUInt64LittleEndian(checkpoint[RootLength..]), slot);
        SszMerkle.HashPair(checkpoint[..RootLength], slot, root);
    }

    /// <summary>Validator: attestation_public_key (Bytes52), proposal_public_key (Bytes52), index (uint64).</summary>
    public static void ValidatorRoot(ReadOnlySpan<byte> validator, Span<byte> root)
    {
        Span<byte> fieldRoots = stackalloc byte[3 * RootLength];
        SszMerkle.Merkleize(validator[..PublicKeyLength], 2, FieldRoot(fieldRoots, 0));
        SszMerkle.Merkleize(validator.Slice(PublicKeyLength, PublicKeyLength), 2, FieldRoot(fieldRoots, 1));
        SszMerkle.UInt64Root(BinaryPrimitives.ReadUInt64LittleEndian(validator[(2 * PublicKeyLength)..]), FieldRoot(fieldRoots, 2));
        SszMerkle.Merkleize(fieldRoots, 3, root);
    }

    /// <summary>AttestationData: slot, head, target, source (three checkpoints).</summary>
    public static void AttestationDataRoot(ReadOnlySpan<byte> data, Span<byte> root)
    {
        Span<byte> fieldRoots = stackalloc byte[4 * RootLength];
        SszMerkle.UInt64Root(BinaryPrimitives.ReadUInt64LittleEndian(data), FieldRoot(fieldRoots, 0));
        for (var i = 0; i < 3; i++)
        {
            CheckpointRoot(data.Slice(8 + (i * CheckpointLength), CheckpointLength), FieldRoot(fieldRoots, 1 + i));
        }

        SszMerkle.Merkleize(fieldRoots, 4, root);
    }

    /// <summary>
    /// The block hash a State records for <paramref name="slot"/>, from a state already checked by
    /// <see cref="TryHashState"/>. A real state holds one hash per slot before its own; a shorter list is read as
    /// the newest slots before it (the simulator's window). Null when the slot is outside the list.
    /// </summary>
    public static string? HistoricalBlockHash(ReadOnlySpan<byte> state, ulong slot)
    {
        var end = (int)BinaryPrimitives.ReadUInt32LittleEndian(state[212..]);
        var count = (end - StateFixedLength) / RootLength;
        var stateSlot = BinaryPrimitives.ReadUInt64LittleEndian(state[StateSlotPosition..]);
        if (slot >= stateSlot || stateSlot - slot > (ulong)count)
        {
            return null;
        }

        var index = count - (int)(stateSlot - slot);
        return ToHex(state.Slice(StateFixedLength + (index * RootLength), RootLength));
    }

    public static string ToHex(ReadOnlySpan<byte> root) => "0x" + Convert.ToHexStringLower(root);

    private static bool TryHashAggregatedAttestation(ReadOnlySpan<byte> attestation, int index, Span<byte> root, out string error)
    {
        var name = $"block.body.attestations[{index}]";
        Span<(int Start, int End)> fields = stackalloc (int, int)[1];
        if (!SszDecoder.TryReadFields(attestation, name, AggregatedAttestationFixedLength, [0], fields, out error))
        {
            return false;
        }

        var bits = attestation[fields[0].Start..fields[0].End];
        if (!SszDecoder.TryReadBitlist(bits, name + ".aggregation_bits", ValidatorRegistryLimit, out var bitLength, out var dataLength, out var last, out error))
        {
            return false;
        }

        Span<byte> fieldRoots = stackalloc byte[2 * RootLength];
        SszDecoder.BitlistRoot(bits, ValidatorRegistryLimit, bitLength, dataLength, last, FieldRoot(fieldRoots, 0));
        AttestationDataRoot(attestation.Slice(SszDecoder.OffsetLength, AttestationDataLength), FieldRoot(fieldRoots, 1));
        SszMerkle.Merkleize(fieldRoots, 2, root);
        return true;
    }

    private static void RootsListRoot(ReadOnlySpan<byte> roots, int count, ulong limit, Span<byte> root)
    {
        SszMerkle.Merkleize(roots, limit, root);
        SszMerkle.MixInLength(root, (ulong)count);
    }

    private static void ValidatorsRoot(ReadOnlySpan<byte> validators, int count, Span<byte> root)
    {
        // At most 4,096 validators: their roots (128 KiB at most) go in a pooled buffer, hashed as one list.
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(1, count * RootLength));
        try
        {
            var roots = rented.AsSpan(0, count * RootLength);
            for (var i = 0; i < count; i++)
            {
                ValidatorRoot(validators.Slice(i * ValidatorLength, ValidatorLength), roots.Slice(i * RootLength, RootLength));
            }

            SszMerkle.Merkleize(roots, ValidatorRegistryLimit, root);
            SszMerkle.MixInLength(root, (ulong)count);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static Span<byte> FieldRoot(Span<byte> roots, int index) => roots.Slice(index * RootLength, RootLength);
}

/// <summary>The fields of a State, as the simulator and the tests build one; lists are their serialized bytes.</summary>
internal sealed record LstarStateFields(
    ulong GenesisTime,
    ulong Slot,
    ReadOnlyMemory<byte> LatestBlockHeader,
    ReadOnlyMemory<byte> LatestJustified,
    ReadOnlyMemory<byte> LatestFinalized,
    ReadOnlyMemory<byte> HistoricalBlockHashes,
    SszBits JustifiedSlots,
    ReadOnlyMemory<byte> Validators,
    ReadOnlyMemory<byte> JustificationsRoots,
    SszBits JustificationsValidators);

/// <summary>One AggregatedAttestation: aggregation_bits and the 128-byte AttestationData.</summary>
internal sealed record LstarAttestationFields(SszBits AggregationBits, ReadOnlyMemory<byte> Data);

/// <summary>SSZ encoding of the lstar containers, in the same field order as <see cref="Lstar"/> reads them.</summary>
internal static class LstarEncoder
{
    public static byte[] Checkpoint(ReadOnlySpan<byte> root, ulong slot)
    {
        var bytes = new byte[Lstar.CheckpointLength];
        root.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(Lstar.RootLength), slot);
        return bytes;
    }

    public static byte[] BlockHeader(ulong slot, ulong proposerIndex, ReadOnlySpan<byte> parentRoot, ReadOnlySpan<byte> stateRoot, ReadOnlySpan<byte> bodyRoot)
    {
        var bytes = new byte[Lstar.BlockHeaderLength];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, slot);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], proposerIndex);
        parentRoot.CopyTo(span[16..]);
        stateRoot.CopyTo(span[(16 + Lstar.RootLength)..]);
        bodyRoot.CopyTo(span[(16 + (2 * Lstar.RootLength))..]);
        return bytes;
    }

    public static byte[] Validator(ReadOnlySpan<byte> attestationKey, ReadOnlySpan<byte> proposalKey, ulong index)
    {
        var bytes = new byte[Lstar.ValidatorLength];
        attestationKey.CopyTo(bytes);
        proposalKey.CopyTo(bytes.AsSpan(Lstar.PublicKeyLength));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(2 * Lstar.PublicKeyLength), index);
        return bytes;
    }

    public static byte[] State(LstarStateFields state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var lengths = new[]
        {
            state.HistoricalBlockHashes.Length,
            state.JustifiedSlots.EncodedLength,
            state.Validators.Length,
            state.JustificationsRoots.Length,
            state.JustificationsValidators.EncodedLength,
        };
        var bytes = new byte[Lstar.StateFixedLength + lengths.Sum()];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, state.GenesisTime);
        BinaryPrimitives.WriteUInt64LittleEndian(span[Lstar.StateSlotPosition..], state.Slot);
        state.LatestBlockHeader.Span.CopyTo(span[Lstar.StateHeaderPosition..]);
        state.LatestJustified.Span.CopyTo(span[(Lstar.StateHeaderPosition + Lstar.BlockHeaderLength)..]);
        state.LatestFinalized.Span.CopyTo(span[(Lstar.StateHeaderPosition + Lstar.BlockHeaderLength + Lstar.CheckpointLength)..]);
        var offset = Lstar.StateFixedLength;
        for (var i = 0; i < lengths.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(Lstar.StateFixedLength - ((5 - i) * SszDecoder.OffsetLength))..], (uint)offset);
            offset += lengths[i];
        }

        offset = Lstar.StateFixedLength;
        state.HistoricalBlockHashes.Span.CopyTo(span[offset..]);
        offset += lengths[0];
        state.JustifiedSlots.Encode(span[offset..]);
        offset += lengths[1];
        state.Validators.Span.CopyTo(span[offset..]);
        offset += lengths[2];
        state.JustificationsRoots.Span.CopyTo(span[offset..]);
        offset += lengths[3];
        state.JustificationsValidators.Encode(span[offset..]);
        return bytes;
    }

    /// <summary>SignedBlock { block: Block { slot, proposer_index, parent_root, state_root, body }, proof: MultiMessageAggregate { proof } }.</summary>
    public static byte[] SignedBlock(
        ulong slot,
        ulong proposerIndex,
        ReadOnlySpan<byte> parentRoot,
        ReadOnlySpan<byte> stateRoot,
        IReadOnlyList<LstarAttestationFields> attestations,
        ReadOnlySpan<byte> proof)
    {
        ArgumentNullException.ThrowIfNull(attestations);
        var attestationLengths = attestations.Select(a => SszDecoder.OffsetLength + Lstar.AttestationDataLength + a.AggregationBits.EncodedLength).ToArray();
        var listLength = (attestations.Count * SszDecoder.OffsetLength) + attestationLengths.Sum();
        var blockLength = Lstar.BlockFixedLength + SszDecoder.OffsetLength + listLength;
        var bytes = new byte[(2 * SszDecoder.OffsetLength) + blockLength + SszDecoder.OffsetLength + proof.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 2 * SszDecoder.OffsetLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)((2 * SszDecoder.OffsetLength) + blockLength));

        var block = span.Slice(2 * SszDecoder.OffsetLength, blockLength);
        BinaryPrimitives.WriteUInt64LittleEndian(block, slot);
        BinaryPrimitives.WriteUInt64LittleEndian(block[8..], proposerIndex);
        parentRoot.CopyTo(block[16..]);
        stateRoot.CopyTo(block[(16 + Lstar.RootLength)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(block[(Lstar.BlockFixedLength - SszDecoder.OffsetLength)..], Lstar.BlockFixedLength);

        var body = block[Lstar.BlockFixedLength..];
        BinaryPrimitives.WriteUInt32LittleEndian(body, SszDecoder.OffsetLength);
        var list = body[SszDecoder.OffsetLength..];
        var element = attestations.Count * SszDecoder.OffsetLength;
        for (var i = 0; i < attestations.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(list[(i * SszDecoder.OffsetLength)..], (uint)element);
            var target = list.Slice(element, attestationLengths[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(target, SszDecoder.OffsetLength + Lstar.AttestationDataLength);
            attestations[i].Data.Span.CopyTo(target[SszDecoder.OffsetLength..]);
            attestations[i].AggregationBits.Encode(target[(SszDecoder.OffsetLength + Lstar.AttestationDataLength)..]);
            element += attestationLengths[i];
        }

        var aggregate = span[((2 * SszDecoder.OffsetLength) + blockLength)..];
        BinaryPrimitives.WriteUInt32LittleEndian(aggregate, SszDecoder.OffsetLength);
        proof.CopyTo(aggregate[SszDecoder.OffsetLength..]);
        return bytes;
    }
}
