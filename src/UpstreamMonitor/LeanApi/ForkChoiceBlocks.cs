using System.Buffers;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The fork choice's nodes gathered during the parse, in a pooled buffer so a poll allocates nothing for them; the
/// parser disposes it once the head slot and the ancestry are read.
/// </summary>
internal struct ForkChoiceBlocks : IDisposable
{
    private ForkChoiceBlock[]? _items;
    private int _count;

    public readonly Span<ForkChoiceBlock> Span => _items.AsSpan(0, _count);

    public void Add(ForkChoiceBlock block)
    {
        if (_items is null || _count == _items.Length)
        {
            var grown = ArrayPool<ForkChoiceBlock>.Shared.Rent(Math.Max(16, _count * 2));
            if (_items is not null)
            {
                _items.AsSpan(0, _count).CopyTo(grown);
                ArrayPool<ForkChoiceBlock>.Shared.Return(_items);
            }

            _items = grown;
        }

        _items[_count++] = block;
    }

    /// <summary>The slot of the block with <paramref name="key"/>, when it is among the nodes.</summary>
    public readonly long? SlotOf(ulong key)
    {
        foreach (var block in Span)
        {
            if (block.Key == key)
            {
                return block.Slot;
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (_items is not null)
        {
            ArrayPool<ForkChoiceBlock>.Shared.Return(_items);
            _items = null;
            _count = 0;
        }
    }
}
