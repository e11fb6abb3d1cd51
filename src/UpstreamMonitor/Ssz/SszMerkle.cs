using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

// Compiled into the simulator too (decision 0901), under its own namespace so the tests see one type per assembly.
#if LEAN_SIMULATOR
namespace UpstreamMonitor.Simulator.Ssz;
#else
namespace UpstreamMonitor.Ssz;
#endif

/// <summary>
/// SSZ merkleization (consensus-specs <c>ssz/simple-serialize.md</c>): pack into 32-byte chunks, hash pairs bottom-up,
/// pad with zero subtrees up to the limit's depth, mix in a length for lists. Works on the serialized bytes directly
/// and hashes level by level in one pooled buffer, so a 16 MiB state costs no per-chunk allocation.
/// </summary>
internal static class SszMerkle
{
    public const int ChunkLength = 32;

    private const int MaxDepth = 64;

    /// <summary>Root of a zero subtree of each depth: Zero[0] is a zero chunk, Zero[d] = H(Zero[d-1], Zero[d-1]).</summary>
    private static readonly byte[] ZeroHashes = CreateZeroHashes();

    public static ReadOnlySpan<byte> ZeroHash(int depth) => ZeroHashes.AsSpan(depth * ChunkLength, ChunkLength);

    /// <summary>H(left ‖ right) into <paramref name="destination"/> (which may overlap neither input).</summary>
    public static void HashPair(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> pair = stackalloc byte[2 * ChunkLength];
        left.CopyTo(pair);
        right.CopyTo(pair[ChunkLength..]);
        SHA256.HashData(pair, destination);
    }

    /// <summary>Depth of a tree with room for <paramref name="limitChunks"/> leaves: ceil(log2(limit)), 0 for 0 or 1.</summary>
    public static int Depth(ulong limitChunks) => limitChunks <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(limitChunks - 1);

    public static ulong ChunkCount(long byteLength) => (ulong)((byteLength + ChunkLength - 1) / ChunkLength);

    /// <summary>A basic value (uint64) as its own root: little-endian, zero-padded to a chunk.</summary>
    public static void UInt64Root(ulong value, Span<byte> root)
    {
        root[..ChunkLength].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(root, value);
    }

    /// <summary>
    /// merkleize(pack(data), limit): <paramref name="data"/> is zero-padded to whole chunks. When
    /// <paramref name="lastByte"/> is set it replaces the final byte of <paramref name="data"/> (a bitlist without its
    /// delimiter bit) so the caller never copies the body.
    /// </summary>
    public static void Merkleize(ReadOnlySpan<byte> data, ulong limitChunks, Span<byte> root, byte? lastByte = null)
    {
        var count = ChunkCount(data.Length);
        if (count > limitChunks)
        {
            throw new ArgumentOutOfRangeException(nameof(data), $"{count} chunks exceed the limit of {limitChunks}");
        }

        var depth = Depth(limitChunks);
        if (count == 0)
        {
            ZeroHash(depth).CopyTo(root);
            return;
        }

        Span<byte> left = stackalloc byte[ChunkLength];
        Span<byte> right = stackalloc byte[ChunkLength];
        if (depth == 0)
        {
            ReadChunk(data, 0, lastByte, left);
            left.CopyTo(root);
            return;
        }

        var nodes = (int)((count + 1) / 2);
        var rented = ArrayPool<byte>.Shared.Rent(nodes * ChunkLength);
        try
        {
            var level = rented.AsSpan(0, nodes * ChunkLength);
            var chunks = (int)count;
            for (var i = 0; i < nodes; i++)
            {
                var start = i * 2 * ChunkLength;
                var target = level.Slice(i * ChunkLength, ChunkLength);
                if (start + (2 * ChunkLength) < data.Length || (lastByte is null && start + (2 * ChunkLength) == data.Length))
                {
                    SHA256.HashData(data.Slice(start, 2 * ChunkLength), target);
                    continue;
                }

                ReadChunk(data, 2 * i, lastByte, left);
                if ((2 * i) + 1 < chunks)
                {
                    ReadChunk(data, (2 * i) + 1, lastByte, right);
                }
                else
                {
                    ZeroHash(0).CopyTo(right);
                }

                HashPair(left, right, target);
            }

            var height = 1;
            Span<byte> hashed = stackalloc byte[ChunkLength];
            while (nodes > 1)
            {
                var parents = (nodes + 1) / 2;
                for (var i = 0; i < parents; i++)
                {
                    var pair = level.Slice(i * 2 * ChunkLength, Math.Min(2 * ChunkLength, (nodes - (2 * i)) * ChunkLength));
                    if (pair.Length == 2 * ChunkLength)
                    {
                        SHA256.HashData(pair, hashed);
                    }
                    else
                    {
                        HashPair(pair, ZeroHash(height), hashed);
                    }

                    hashed.CopyTo(level.Slice(i * ChunkLength, ChunkLength));
                }

                nodes = parents;
                height++;
            }

            level[..ChunkLength].CopyTo(left);
            for (; height < depth; height++)
            {
                HashPair(left, ZeroHash(height), hashed);
                hashed.CopyTo(left);
            }

            left.CopyTo(root);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>mix_in_length(root, length): H(root ‖ uint256(length)), in place.</summary>
    public static void MixInLength(Span<byte> root, ulong length)
    {
        Span<byte> lengthChunk = stackalloc byte[ChunkLength];
        UInt64Root(length, lengthChunk);
        Span<byte> mixed = stackalloc byte[ChunkLength];
        HashPair(root[..ChunkLength], lengthChunk, mixed);
        mixed.CopyTo(root);
    }

    private static void ReadChunk(ReadOnlySpan<byte> data, int index, byte? lastByte, Span<byte> chunk)
    {
        chunk.Clear();
        var start = index * ChunkLength;
        var part = data.Slice(start, Math.Min(ChunkLength, data.Length - start));
        part.CopyTo(chunk);
        if (lastByte is { } replacement && start + part.Length == data.Length)
        {
            chunk[part.Length - 1] = replacement;
        }
    }

    private static byte[] CreateZeroHashes()
    {
        var hashes = new byte[(MaxDepth + 1) * ChunkLength];
        for (var depth = 1; depth <= MaxDepth; depth++)
        {
            var below = hashes.AsSpan((depth - 1) * ChunkLength, ChunkLength);
            HashPair(below, below, hashes.AsSpan(depth * ChunkLength, ChunkLength));
        }

        return hashes;
    }
}
