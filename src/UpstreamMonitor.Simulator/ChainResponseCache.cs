using System.Collections.Concurrent;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// Response bodies that depend only on the chain view, built once per (kind, slot, fork) and shared by every node:
/// a 1,000-node round then costs one body per distinct view, not one per request.
/// </summary>
internal sealed class ChainResponseCache(SimulatedChain chain, int validatorCount, long stateSize)
{
    private const int PruneAbove = 512;
    private readonly ConcurrentDictionary<(ChainResponse Kind, long Slot, bool Fork), byte[]> _bodies = new();

    public byte[] ForkChoice(ChainView view, bool zeamShape) =>
        Get(zeamShape ? ChainResponse.ForkChoiceZeam : ChainResponse.ForkChoice, view.Head, view.MinorityFork);

    public byte[] Justified(ChainView view) => Get(ChainResponse.Justified, view.Head, view.MinorityFork);

    public byte[] StatePrefix(ChainView view) => Get(ChainResponse.StatePrefix, view.Finalized, view.MinorityFork);

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
        ChainResponse.StatePrefix => SyntheticState.CreatePrefix(chain, slot, fork, validatorCount, stateSize),
        ChainResponse.StateJson => SyntheticState.CreateJson(chain, slot, fork, validatorCount),
        ChainResponse.Block => SyntheticBlock.Create(chain, slot, fork, validatorCount),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private enum ChainResponse
    {
        ForkChoice,
        ForkChoiceZeam,
        Justified,
        StatePrefix,
        StateJson,
        Block,
    }
}
