using System.Buffers.Binary;
using UpstreamMonitor.Ssz.Forks;

namespace UpstreamMonitor.Tests.Ssz;

/// <summary>Malformed and truncated SSZ: each gives a specific error, never an exception or a read past the end.</summary>
public sealed class LstarDecodeTests
{
    private static string StateError(byte[] state)
    {
        Assert.False(Lstar.TryReadState(state, out var summary, out var error));
        Assert.Null(summary);
        return error;
    }

    [Fact]
    public void Every_truncation_of_a_state_is_refused_or_hashes_to_another_root()
    {
        // SSZ has no length field: the last bitlist ends where the body ends, so a cut inside it can still decode
        // (to other bits). Either way the truncated state never passes for the original.
        var state = LstarSamples.State(10, 10, 3, 4, 1, 8);
        Assert.True(Lstar.TryReadState(state, out var full, out var fullError), fullError);
        var lastField = (int)BinaryPrimitives.ReadUInt32LittleEndian(state.AsSpan(224));
        for (var length = 0; length < state.Length; length++)
        {
            var ok = Lstar.TryReadState(state.AsSpan(0, length), out var summary, out var error);
            if (length <= lastField)
            {
                Assert.False(ok, $"{length} bytes decoded");
                Assert.False(string.IsNullOrEmpty(error));
            }
            else if (ok)
            {
                Assert.NotEqual(full!.Root, summary!.Root);
            }
        }
    }

    [Fact]
    public void A_state_shorter_than_its_fixed_part_names_both_sizes()
    {
        Assert.Equal("state is 100 bytes, shorter than its 228-byte fixed part", StateError(new byte[100]));
    }

    [Fact]
    public void A_wrong_first_offset_is_named()
    {
        var state = LstarSamples.State(10, 10, 3, 4, 1, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(208), 232);
        Assert.Equal("state: first variable-field offset is 232, expected 228", StateError(state));
    }

    [Fact]
    public void Decreasing_or_out_of_range_offsets_are_refused()
    {
        var state = LstarSamples.State(10, 10, 3, 4, 1, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(216), 229);
        Assert.StartsWith("state: offset 2 is 229, outside [", StateError(state), StringComparison.Ordinal);

        state = LstarSamples.State(10, 10, 3, 4, 1, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(224), uint.MaxValue);
        Assert.Contains("offset 4 is 4294967295", StateError(state), StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_root_in_the_block_hashes_is_refused()
    {
        var state = LstarSamples.State(10, 10, 3, 4, 1, 8);
        for (var i = 0; i < 5; i++)
        {
            // Shift every offset after the first by one: historical_block_hashes becomes 321 bytes.
            if (i > 0)
            {
                var position = 208 + (i * 4);
                BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(position), BinaryPrimitives.ReadUInt32LittleEndian(state.AsSpan(position)) + 1);
            }
        }

        Assert.Equal("state.historical_block_hashes is 321 bytes, not a whole number of 32-byte elements", StateError(state));
    }

    [Fact]
    public void More_block_hashes_than_the_limit_are_refused()
    {
        var state = LstarSamples.State(10, (int)Lstar.HistoricalRootsLimit + 1, 0, 0, 0, 0);
        Assert.Equal("state.historical_block_hashes holds 262145 elements, above its limit of 262144", StateError(state));
    }

    [Fact]
    public void More_validators_than_the_registry_limit_are_refused()
    {
        var state = LstarSamples.State(10, 0, 0, (int)Lstar.ValidatorRegistryLimit + 1, 0, 0);
        Assert.Equal("state.validators holds 4097 elements, above its limit of 4096", StateError(state));
    }

    [Fact]
    public void A_justification_bitlist_without_its_delimiter_is_refused()
    {
        var state = LstarSamples.State(10, 10, 3, 4, 1, 8);
        state[^1] = 0;
        Assert.Equal("state.justifications_validators has no delimiter bit in its last byte", StateError(state));
    }

    [Fact]
    public void Every_truncation_of_a_signed_block_is_refused_without_throwing()
    {
        var data = LstarSamples.AttestationData();
        var block = LstarSamples.SignedBlock(1, [new(LstarSamples.Bits(4, 1), data), new(LstarSamples.Bits(256, 2), data)]);
        for (var length = 0; length < block.Length; length++)
        {
            var truncated = block[..length];
            var ok = Lstar.TryReadSignedBlock(truncated, out var summary, out var error);

            // Cutting into the proof's bytes still leaves a well-formed (shorter) proof; anything earlier is refused.
            if (!ok)
            {
                Assert.False(string.IsNullOrEmpty(error));
                Assert.Null(summary);
            }
        }

        var proofStart = (int)BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(4));
        Assert.False(Lstar.TryReadSignedBlock(block.AsSpan(0, proofStart + 3), out _, out var cut));
        Assert.Equal("signed block.proof is 3 bytes, shorter than its 4-byte fixed part", cut);
    }

    [Fact]
    public void An_attestation_offset_table_pointing_past_the_list_is_refused()
    {
        var data = LstarSamples.AttestationData();
        var block = LstarSamples.SignedBlock(1, [new(LstarSamples.Bits(4, 1), data), new(LstarSamples.Bits(256, 2), data)]);

        // The list starts after SignedBlock offsets (8), Block fixed part (84) and BlockBody offset (4).
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(8 + 84 + 4 + 4), 60_000);
        Assert.False(Lstar.TryReadSignedBlock(block, out _, out var error));
        Assert.StartsWith("block.body.attestations: element offset 1 is 60000, outside [", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_proof_is_refused()
    {
        var block = LstarSamples.SignedBlock(0, [], new byte[(512 * 1024) + 1]);
        Assert.False(Lstar.TryReadSignedBlock(block, out _, out var error));
        Assert.Equal("signed block.proof.proof is 524289 bytes, above its limit of 524288", error);
    }
}
