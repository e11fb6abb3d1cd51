using System.Security.Cryptography;
using UpstreamMonitor.Ssz;

namespace UpstreamMonitor.Tests.Ssz;

/// <summary>
/// The merkleization cases of leanSpec <c>tests/spec/crypto/test_merkleization.py</c> (43246bd), derived by hand
/// from the SSZ spec as that file does: h = SHA-256 of two chunks, Z[d] = zero subtree of depth d, pad = zero-padded chunk.
/// </summary>
public sealed class SszMerkleTests
{
    private static byte[] H(byte[] left, byte[] right) => SHA256.HashData([.. left, .. right]);

    private static byte[] Pad(params byte[] bytes) => [.. bytes, .. new byte[32 - bytes.Length]];

    private static byte[] Z(int depth) => SszMerkle.ZeroHash(depth).ToArray();

    private static byte[] Root(byte[] data, ulong limitChunks, byte? lastByte = null)
    {
        var root = new byte[32];
        SszMerkle.Merkleize(data, limitChunks, root, lastByte);
        return root;
    }

    [Fact]
    public void Zero_hashes_are_hashes_of_zero_subtrees()
    {
        Assert.Equal(new byte[32], Z(0));
        Assert.Equal(H(Z(0), Z(0)), Z(1));
        Assert.Equal(H(Z(5), Z(5)), Z(6));
    }

    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(1UL, 0)]
    [InlineData(2UL, 1)]
    [InlineData(3UL, 2)]
    [InlineData(1024UL, 10)]
    [InlineData(1025UL, 11)]
    [InlineData(1UL << 22, 22)]
    public void Depth_is_the_ceiling_of_log2_of_the_limit(ulong limit, int depth) => Assert.Equal(depth, SszMerkle.Depth(limit));

    [Fact]
    public void Byte_payloads_match_the_known_vectors()
    {
        Assert.Equal(Z(0), Root([], 1));
        Assert.Equal(Pad(0xab), Root([0xab], 1));
        var ff32 = Enumerable.Repeat((byte)0xff, 32).ToArray();
        Assert.Equal(ff32, Root(ff32, 1));
        Assert.Equal(H(ff32, Pad(0x01)), Root([.. ff32, 0x01], 2));
        var aa = Enumerable.Repeat((byte)0xaa, 32).ToArray();
        var bb = Enumerable.Repeat((byte)0xbb, 32).ToArray();
        Assert.Equal(H(aa, bb), Root([.. aa, .. bb], 2));
    }

    [Fact]
    public void Three_chunks_pad_to_a_width_of_four()
    {
        var raw = Enumerable.Range(0, 96).Select(i => (byte)i).ToArray();
        var expected = H(H(raw[..32], raw[32..64]), H(raw[64..], Z(0)));
        Assert.Equal(expected, Root(raw, 3));
    }

    [Fact]
    public void An_empty_list_mixes_the_limit_depth_zero_root_with_length_zero()
    {
        // ByteList[2048]: 64 chunks, depth 6.
        var root = Root([], 64);
        SszMerkle.MixInLength(root, 0);
        Assert.Equal(H(Z(6), Pad(0x00)), root);
    }

    [Fact]
    public void A_lone_chunk_under_a_larger_limit_is_padded_with_zero_subtrees()
    {
        // ByteList[256] with six bytes: 8 chunks, depth 3.
        byte[] data = [0, 1, 2, 3, 4, 5];
        var expected = H(H(H(Pad(data), Z(0)), Z(1)), Z(2));
        Assert.Equal(expected, Root(data, 8));
    }

    [Fact]
    public void The_replacement_last_byte_is_hashed_instead_of_the_stored_one()
    {
        var data = Enumerable.Repeat((byte)0xff, 64).ToArray();
        var expected = data.ToArray();
        expected[^1] = 0x7f;
        Assert.Equal(H(expected[..32], expected[32..]), Root(data, 2, 0x7f));
    }

    [Fact]
    public void Bitlists_mix_in_their_bit_count_not_their_byte_count()
    {
        // Bitlist[256] full: one all-ones chunk, delimiter in a byte of its own.
        byte[] encoded = [.. Enumerable.Repeat((byte)0xff, 32), 0x01];
        Assert.True(SszDecoder.TryReadBitlist(encoded, "bits", 256, out var length, out var dataLength, out var last, out var error), error);
        var root = new byte[32];
        SszDecoder.BitlistRoot(encoded, 256, length, dataLength, last, root);
        Assert.Equal(256UL, length);
        Assert.Equal(H(Enumerable.Repeat((byte)0xff, 32).ToArray(), Pad(0x00, 0x01)), root);

        // Bitlist[8] of 0,1,0: data byte 0x02 with the delimiter at bit 3 (0x0a).
        Assert.True(SszDecoder.TryReadBitlist([0x0a], "bits", 8, out length, out dataLength, out last, out error), error);
        SszDecoder.BitlistRoot([0x0a], 8, length, dataLength, last, root);
        Assert.Equal(H(Pad(0x02), Pad(0x03)), root);

        // Empty Bitlist[8]: the zero chunk, length 0.
        Assert.True(SszDecoder.TryReadBitlist([0x01], "bits", 8, out length, out dataLength, out last, out error), error);
        SszDecoder.BitlistRoot([0x01], 8, length, dataLength, last, root);
        Assert.Equal(H(Z(0), Pad(0x00)), root);
    }

    [Fact]
    public void A_bitlist_longer_than_its_limit_is_refused_with_its_size()
    {
        Assert.False(SszDecoder.TryReadBitlist([0xff, 0x02], "votes", 8, out _, out _, out _, out var error));
        Assert.Equal("votes holds 9 bits, above its limit of 8", error);
        Assert.False(SszDecoder.TryReadBitlist([0xff, 0x00], "votes", 64, out _, out _, out _, out error));
        Assert.Equal("votes has no delimiter bit in its last byte", error);
        Assert.False(SszDecoder.TryReadBitlist([], "votes", 64, out _, out _, out _, out error));
        Assert.StartsWith("votes is empty", error, StringComparison.Ordinal);
    }
}
