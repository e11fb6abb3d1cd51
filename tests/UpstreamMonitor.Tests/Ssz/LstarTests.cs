using System.Buffers.Binary;
using System.Security.Cryptography;
using UpstreamMonitor.Ssz;
using UpstreamMonitor.Ssz.Forks;

namespace UpstreamMonitor.Tests.Ssz;

/// <summary>
/// Roots of the lstar containers against lstar_roots.py (beside this file): an independent, type-driven SSZ
/// implementation in Python written from the SSZ spec and leanSpec's container definitions (lstar, 43246bd).
/// leanSpec's own code cannot run here (it needs Python 3.12+ with pydantic; PyPI is unreachable) and its SSZ
/// tests carry no literal roots, so the expected values below are that script's output (root, encoded length,
/// SHA-256 of the encoding: the encoding is checked byte for byte too).
/// </summary>
public sealed class LstarTests
{
    private static readonly Dictionary<string, (string Root, int Length, string EncodingSha256)> Expected = new()
    {
        ["checkpoint"] = ("e43ee24027b05d1956f7c5c72af9fb0cff8108b17784dc0bad4f53ef9027bbca", 40, "5b242fe22887eb179ea0de431c68da213b52a7234ea96b9640ceb74eb92252d7"),
        ["block_header"] = ("5f22c0f7c225d40b0bf62bc4a52a65e36049a55466cfe426751e790bde3f409c", 112, "5efba124267d3954f975b6c524ae8674479354d6df15721eb79e152bc8b9c945"),
        ["validator"] = ("90d84a051097bcf6425d9b21646f0bb3e872b630d7d1c09591aa3a0ae020a2f7", 112, "1517eb28c0df5e220ee9cd2d18c75bcc3843794372e7a029e6c6892508a74b57"),
        ["attestation_data"] = ("4d3d00e980c675f7a31fc3e1d0693385972241fc2faa7c4d8c18e89e67053e97", 128, "881816ce53e0737ca52a4d76d6cd2e1fced4a2c4037de56ce05e6625cf5d1988"),
        ["state_empty_lists"] = ("5207cab3ac13afec54533184f19f5530fecc4f373dc1ed5838b8a213493b3ea3", 230, "d4f8b8a4dca5cc09a4b5ab65d9fab0cea79c84e47015294af1c83b38e233c750"),
        ["state_small"] = ("fc14a9ef4f3b97a29d0f9189720ea2a00de2ea67d71925ee9d6ee2c5f43dd941", 1031, "6fc0b87780a12a0758675135da375691aafc587b2e04762e692e3b116b717946"),
        ["state_full_chunks"] = ("0933823f208c9f8b47e8c1cd92904a40fbe2a2cb4251b6537e9c139f88a52803", 8998, "8139bb03f261c867f3e1cc77599d484515f743290e06bd8267295aeb0cf29d5c"),
        ["state_at_limits"] = ("db8bddb10c2bd6ba8df9efb8ddb911df494681b82e9d5f16802b2f8f76c9cb4c", 8880518, "c422a54557f4d5fb6076a5fb7383578c709760e7bbbafa35d48164c071a9837a"),
        ["block_empty_body"] = ("7751302043d3ca0ec6d8dc2a76939771969c9054b0d92ae1f3b6e52f4b15545c", 88, "792143298fba78c269525041167bc79f974c456c8e15c838ad898c7ea1352cf4"),
        ["block_two_attestations"] = ("10898fa8a426cdfbd38e8549d843cce3cd783291b3904b2ea8261709dc453c97", 394, "6b8795ff71cddd611ca12a3a464e8181aa372ea47ea3551bd0c9a70f47a6607d"),
    };

    [Fact]
    public void Checkpoint_root_matches_the_reference()
    {
        var checkpoint = LstarSamples.Checkpoint(1, 100);
        Span<byte> root = stackalloc byte[32];
        Lstar.CheckpointRoot(checkpoint, root);
        AssertCase("checkpoint", checkpoint, root);
    }

    [Fact]
    public void Block_header_root_matches_the_reference()
    {
        var header = LstarEncoder.BlockHeader(7, 3, LstarSamples.Fill(0x11, 32), LstarSamples.Fill(0x22, 32), LstarSamples.Fill(0x33, 32));
        Span<byte> root = stackalloc byte[32];
        Lstar.BlockHeaderRoot(header, root);
        AssertCase("block_header", header, root);
    }

    [Fact]
    public void Validator_root_matches_the_reference()
    {
        var validator = LstarSamples.Validator(5);
        Span<byte> root = stackalloc byte[32];
        Lstar.ValidatorRoot(validator, root);
        AssertCase("validator", validator, root);
    }

    [Fact]
    public void Attestation_data_root_matches_the_reference()
    {
        var data = LstarSamples.AttestationData();
        Span<byte> root = stackalloc byte[32];
        Lstar.AttestationDataRoot(data, root);
        AssertCase("attestation_data", data, root);
    }

    /// <summary>Empty lists and zero-length bitlists (a lone delimiter byte); 10 items of each kind; exactly-full
    /// 256-bit chunks; every list at its limit (2^18 hashes, 2^18 justified slots, 4,096 validators).</summary>
    [Theory]
    [InlineData("state_empty_lists", 0UL, 0, 0, 0, 0, 0)]
    [InlineData("state_small", 10UL, 10, 3, 4, 1, 8)]
    [InlineData("state_full_chunks", 300UL, 256, 256, 4, 2, 256)]
    [InlineData("state_at_limits", 262_144UL, 262_144, 262_144, 4096, 3, 513)]
    public void State_root_matches_the_reference(string name, ulong slot, int historical, int justifiedSlots, int validators, int roots, int votes)
    {
        var state = LstarSamples.State(slot, historical, justifiedSlots, validators, roots, votes);
        Span<byte> root = stackalloc byte[32];
        Assert.True(Lstar.TryHashState(state, root, out var error), error);
        AssertCase(name, state, root);
    }

    [Fact]
    public void Block_roots_match_the_reference_with_and_without_attestations()
    {
        var data = LstarSamples.AttestationData();
        var empty = LstarSamples.SignedBlock(0, []);
        var two = LstarSamples.SignedBlock(1, [new(LstarSamples.Bits(4, 1), data), new(LstarSamples.Bits(256, 2), data)]);

        foreach (var (name, signed) in new[] { ("block_empty_body", empty), ("block_two_attestations", two) })
        {
            Assert.True(Lstar.TryReadSignedBlock(signed, out var summary, out var error), error);
            var messageEnd = (int)BinaryPrimitives.ReadUInt32LittleEndian(signed.AsSpan(4));
            AssertCase(name, signed[8..messageEnd], Convert.FromHexString(summary!.Root[2..]));
            Assert.Equal(12UL, summary.Slot);
            Assert.Equal(Lstar.ToHex(LstarSamples.Fill(0x55, 32)), summary.StateRoot);
        }
    }

    [Fact]
    public void A_state_names_the_root_of_its_block()
    {
        // The block whose post-state this is: same header fields, state_root = hash_tree_root(state).
        var state = LstarSamples.State(10, 10, 3, 4, 1, 8);
        Assert.True(Lstar.TryReadState(state, out var summary, out var error), error);
        var header = LstarEncoder.BlockHeader(10, 2, LstarSamples.Fill(0xAA, 32), Convert.FromHexString(summary!.Root[2..]), LstarSamples.Fill(0xBB, 32));
        Span<byte> blockRoot = stackalloc byte[32];
        Lstar.BlockHeaderRoot(header, blockRoot);

        Assert.Equal(Lstar.ToHex(blockRoot), summary.BlockRoot);
        Assert.Equal("0x" + Expected["state_small"].Root, summary.Root);
        Assert.Equal(10UL, summary.Slot);
    }

    private static void AssertCase(string name, byte[] encoding, ReadOnlySpan<byte> root)
    {
        var expected = Expected[name];
        Assert.Equal(expected.Length, encoding.Length);
        Assert.Equal(expected.EncodingSha256, Convert.ToHexStringLower(SHA256.HashData(encoding)));
        Assert.Equal(expected.Root, Convert.ToHexStringLower(root));
    }
}
