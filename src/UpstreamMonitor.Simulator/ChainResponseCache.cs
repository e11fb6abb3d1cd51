using System.Collections.Concurrent;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// Response bodies that depend only on the chain view, built once per (kind, slot, fork) and shared by every node:
/// a 1,000-node round then costs one body per distinct view, not one per request.
/// </summary>
internal sealed class ChainResponseCache(SimulatedChain chain, int validatorCount)
{
    private const int PruneAbove = 512;
    private readonly ConcurrentDictionary<(ChainResponse Kind, long Slot, bool Fork), byte[]> _bodies = new();

    public byte[] ForkChoice(ChainView view, bool zeamShape) =>
        Get(zeamShape ? ChainResponse.ForkChoiceZeam : ChainResponse.ForkChoice, view.Head, view.MinorityFork);

    public byte[] Justified(ChainView view) => Get(ChainResponse.Justified, view.Head, view.MinorityFork);

    /// <summary>The per-slot head of the finalized state (fixed part, block hashes, justified_slots).</summary>
    public byte[] StateHead(ChainView view) => Get(ChainResponse.StateHead, view.Finalized, view.MinorityFork);

    /// <summary>The same head with other justified_slots: valid SSZ whose root is not the block's state_root.</summary>
    public byte[] WrongStateHead(ChainView view) => Get(ChainResponse.WrongStateHead, view.Finalized, view.MinorityFork);

    /// <summary>The head of the state one slot after the finalized block: a pair from different slots.</summary>
    public byte[] NextStateHead(ChainView view) => Get(ChainResponse.StateHead, view.Finalized + 1, view.MinorityFork);

    public byte[] StateJson(ChainView view) => Get(ChainResponse.StateJson, view.Finalized, view.MinorityFork);

    public byte[] Block(ChainView view) => Get(ChainResponse.Block, view.Finalized, view.MinorityFork);

    private byte[] Get(ChainResponse kind, long slot, bool fork)
    {
        if (_bodies.TryGetValue((kind, slot, fork), out var body))
        {
            return body;
        }

        if (_bodies.Count > PruneAbove)
        {
            // Old slots are never asked for again once the clock has moved past them.
            var horizon = chain.CurrentSlot - 64;
            foreach (var key in _bodies.Keys.Where(k => k.Slot < horizon))
            {
                _bodies.TryRemove(key, out _);
            }
        }

        return _bodies.GetOrAdd((kind, slot, fork), key => Build(key.Kind, key.Slot, key.Fork));
    }

    private byte[] Build(ChainResponse kind, long slot, bool fork) => kind switch
    {
        ChainResponse.ForkChoice => ForkChoiceBody.Write(chain, ChainView.At(slot, fork), validatorCount, zeamShape: false),
        ChainResponse.ForkChoiceZeam => ForkChoiceBody.Write(chain, ChainView.At(slot, fork), validatorCount, zeamShape: true),
        ChainResponse.Justified => ForkChoiceBody.WriteJustified(chain, ChainView.At(slot, fork)),
        ChainResponse.StateHead => SyntheticState.CreateHead(chain, slot, fork && slot >= chain.ForkSlot, fork && slot >= chain.ForkSlot ? SyntheticState.MinorityJustifiedSlots : SyntheticState.CanonicalJustifiedSlots),
        ChainResponse.WrongStateHead => SyntheticState.CreateHead(chain, slot, fork, SyntheticState.WrongJustifiedSlots),
        ChainResponse.StateJson => SyntheticState.CreateJson(chain, slot, fork, validatorCount),
        ChainResponse.Block => SyntheticBlock.Create(chain, slot, fork),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private enum ChainResponse
    {
        ForkChoice,
        ForkChoiceZeam,
        Justified,
        StateHead,
        WrongStateHead,
        StateJson,
        Block,
    }
}
