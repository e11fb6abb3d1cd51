using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// Response bodies that depend only on the chain view, built once per (kind, slot, fork) and shared by every node:
/// a 1,000-node round then costs one body per distinct view, not one per request.
/// </summary>
internal sealed class ChainResponseCache(SimulatedChain chain, int validatorCount)
{
    private const int PruneAbove = 512;
    // Keyed by the whole view: a stalled justified or finalized checkpoint changes the body at the same head.
    private readonly ConcurrentDictionary<(ChainResponse Kind, ChainView View), byte[]> _bodies = new();

    // One tag per cached body, dropped with it when the body is pruned and collected.
    private readonly ConditionalWeakTable<byte[], string> _etags = new();

    public byte[] ForkChoice(ChainView view, bool zeamShape) =>
        Get(zeamShape ? ChainResponse.ForkChoiceZeam : ChainResponse.ForkChoice, view);

    /// <summary>A strong entity tag of a cached body: a hash of its bytes, so equal bodies share a tag across nodes.</summary>
    public string ETagOf(byte[] body) =>
        _etags.GetValue(body, static bytes => "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"");

    public byte[] Justified(ChainView view) => Get(ChainResponse.Justified, view);

    /// <summary>The per-slot head of the finalized state (fixed part, block hashes, justified_slots).</summary>
    public byte[] StateHead(ChainView view) => Get(ChainResponse.StateHead, AtFinalized(view));

    /// <summary>The same head with other justified_slots: valid SSZ whose root is not the block's state_root.</summary>
    public byte[] WrongStateHead(ChainView view) => Get(ChainResponse.WrongStateHead, AtFinalized(view));

    /// <summary>The head of the state one slot after the finalized block: a pair from different slots.</summary>
    public byte[] NextStateHead(ChainView view) => Get(ChainResponse.StateHead, ChainView.At(view.Finalized + 1, view.MinorityFork));

    public byte[] StateJson(ChainView view) => Get(ChainResponse.StateJson, AtFinalized(view));

    public byte[] Block(ChainView view) => Get(ChainResponse.Block, AtFinalized(view));

    /// <summary>States and blocks depend only on the finalized slot: one body per finalized slot.</summary>
    private static ChainView AtFinalized(ChainView view) => ChainView.At(view.Finalized, view.MinorityFork);

    private byte[] Get(ChainResponse kind, ChainView view)
    {
        if (_bodies.TryGetValue((kind, view), out var body))
        {
            return body;
        }

        if (_bodies.Count > PruneAbove)
        {
            // Old slots are never asked for again once the clock has moved past them.
            var horizon = chain.CurrentSlot - 64;
            foreach (var key in _bodies.Keys.Where(k => k.View.Head < horizon))
            {
                _bodies.TryRemove(key, out _);
            }
        }

        return _bodies.GetOrAdd((kind, view), key => Build(key.Kind, key.View));
    }

    private byte[] Build(ChainResponse kind, ChainView view) => kind switch
    {
        ChainResponse.ForkChoice => ForkChoiceBody.Write(chain, view, validatorCount, zeamShape: false),
        ChainResponse.ForkChoiceZeam => ForkChoiceBody.Write(chain, view, validatorCount, zeamShape: true),
        ChainResponse.Justified => ForkChoiceBody.WriteJustified(chain, view),
        ChainResponse.StateHead => StateHeadAt(view.Head, view.MinorityFork),
        ChainResponse.WrongStateHead => SyntheticState.CreateHead(chain, view.Head, view.MinorityFork, SyntheticState.WrongJustifiedSlots),
        ChainResponse.StateJson => SyntheticState.CreateJson(chain, view.Head, view.MinorityFork, validatorCount),
        ChainResponse.Block => SyntheticBlock.Create(chain, view.Head, view.MinorityFork),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private byte[] StateHeadAt(long slot, bool fork)
    {
        var minority = fork && slot >= chain.ForkSlot;
        return SyntheticState.CreateHead(chain, slot, minority, minority ? SyntheticState.MinorityJustifiedSlots : SyntheticState.CanonicalJustifiedSlots);
    }

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
