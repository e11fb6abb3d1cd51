using System.Buffers;
using System.Numerics;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The blocks on one node's own chain: from its head back through <c>parent_root</c> links as far as its fork-choice
/// <c>nodes</c> reach (its finalized block, usually). Answers "is this block on that chain?" for fork versus behind
/// (decision 0412). Roots are kept as 64-bit keys (<see cref="RootKey"/>): a colliding pair would only misname a fork as
/// behind on the dashboard; checkpoint sync never trusts this, it recomputes roots.
/// </summary>
public sealed class ChainAncestry
{
    /// <summary>
    /// The newest blocks kept per chain: at 8 bytes each, 4,096 blocks (4.5 hours of 4 s slots without finality) is 32 KiB
    /// an upstream. Older blocks are beyond the horizon: a question about them is answered "unknown", never guessed.
    /// </summary>
    public const int MaxBlocks = 4096;

    private readonly ulong[] _sortedKeys;

    private ChainAncestry(ulong[] sortedKeys, long oldestSlot, long headSlot)
    {
        _sortedKeys = sortedKeys;
        OldestSlot = oldestSlot;
        HeadSlot = headSlot;
    }

    /// <summary>The slot of the oldest block kept (the end of the walk).</summary>
    public long OldestSlot { get; }

    /// <summary>The slot of the head, the newest block.</summary>
    public long HeadSlot { get; }

    /// <summary>How many blocks the chain holds.</summary>
    public int Length => _sortedKeys.Length;

    /// <summary>
    /// Whether the block <paramref name="root"/> at <paramref name="slot"/> is on this chain. Only a slot this chain
    /// covers can be judged: every block of the chain in that range is here, so a root not found is on another branch.
    /// </summary>
    public ChainVerdict Judge(long? slot, string? root)
    {
        if (slot is not { } known || root is null || known < OldestSlot || known > HeadSlot || !RootKey.TryRead(root, out var key))
        {
            return ChainVerdict.Unknown;
        }

        return Array.BinarySearch(_sortedKeys, key) >= 0 ? ChainVerdict.OnChain : ChainVerdict.OffChain;
    }

    /// <summary>
    /// Walks from the head through parent links over <paramref name="blocks"/> (the fork choice's nodes, in any order)
    /// and keeps at most <see cref="MaxBlocks"/> of the newest. Null when the head is not among the blocks.
    /// </summary>
    internal static ChainAncestry? Walk(Span<ForkChoiceBlock> blocks, ulong headKey)
    {
        if (blocks.IsEmpty)
        {
            return null;
        }

        blocks.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        var chain = ArrayPool<ulong>.Shared.Rent(Math.Min(blocks.Length, MaxBlocks));
        try
        {
            var length = 0;
            long headSlot = 0;
            long oldestSlot = 0;
            var key = headKey;
            while (length < MaxBlocks && Find(blocks, key) is { } index)
            {
                var block = blocks[index];
                if (length > 0 && block.Slot >= oldestSlot)
                {
                    // A parent at the same or a later slot than its child is a malformed tree; stop rather than loop.
                    break;
                }

                if (length == 0)
                {
                    headSlot = block.Slot;
                }

                chain[length++] = key;
                oldestSlot = block.Slot;
                if (block.ParentKey is not { } parent)
                {
                    break;
                }

                key = parent;
            }

            if (length == 0)
            {
                return null;
            }

            var keys = chain.AsSpan(0, length).ToArray();
            Array.Sort(keys);
            return new ChainAncestry(keys, oldestSlot, headSlot);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(chain);
        }
    }

    private static int? Find(Span<ForkChoiceBlock> sorted, ulong key)
    {
        int low = 0, high = sorted.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var compared = sorted[middle].Key.CompareTo(key);
            if (compared == 0)
            {
                return middle;
            }

            if (compared < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }
}

/// <summary>What a chain says about one block.</summary>
public enum ChainVerdict
{
    /// <summary>The block's slot is outside what the chain covers, or the block is unknown: no evidence either way.</summary>
    Unknown,

    /// <summary>The block is on the chain: the same history.</summary>
    OnChain,

    /// <summary>The chain covers that slot with other blocks (or none): another branch.</summary>
    OffChain,
}

/// <summary>One entry of the fork choice's <c>nodes</c>, as the ancestry walk needs it.</summary>
internal readonly record struct ForkChoiceBlock(ulong Key, ulong? ParentKey, long Slot);

/// <summary>
/// A root (<c>"0x"</c> + 64 hex characters, any case) folded to the 64-bit key a <see cref="ChainAncestry"/> holds: FNV-1a
/// over all 64 characters, so roots that differ anywhere (not only in a prefix, as synthetic roots do) get distinct keys.
/// </summary>
internal static class RootKey
{
    private const int HexLength = 64;
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static bool TryRead(ReadOnlySpan<byte> root, out ulong key) => TryRead<byte>(root, out key);

    public static bool TryRead(ReadOnlySpan<char> root, out ulong key) => TryRead<char>(root, out key);

    // One loop for the parser's UTF-8 bytes and a root string's characters.
    private static bool TryRead<T>(ReadOnlySpan<T> root, out ulong key)
        where T : IBinaryInteger<T>
    {
        key = OffsetBasis;
        if (root.Length != HexLength + 2)
        {
            return false;
        }

        foreach (var c in root[2..])
        {
            key = (key ^ (ulong.CreateTruncating(c) | 0x20)) * Prime;
        }

        return true;
    }
}
