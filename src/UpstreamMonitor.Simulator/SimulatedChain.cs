using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// The devnet's chain: a shared clock (one slot per slot duration) and real SSZ roots. From <see cref="AnchorSlot"/>
/// on, every block root is hash_tree_root(Block) of the block the nodes serve, whose state_root is hash_tree_root of
/// the state they serve (decision 0901); below it, roots are seeded SHA-256 values standing for history before the
/// simulation. Roots are computed once per (slot, fork), in slot order, and kept (64 bytes a slot).
/// </summary>
public sealed class SimulatedChain
{
    /// <summary>Slots of real history before the start: more than any persona's lag behind the finalized slot.</summary>
    internal const long AnchorWindow = 64;

    private readonly TimeProvider _timeProvider;
    private readonly long _startTimestamp;
    private readonly long _seed;
    private readonly ChainHistory _canonical;
    private readonly ChainHistory _minority;

    // Demo and test hooks: -1 = the checkpoint follows the head; otherwise the slot it is held at (see DemoScenario).
    private long _headHold = -1;
    private long _justifiedHold = -1;
    private long _finalizedHold = -1;

    internal SimulatedChain(SimulatedDevnetOptions options)
    {
        _timeProvider = options.TimeProvider;
        _startTimestamp = _timeProvider.GetTimestamp();
        _seed = options.Seed;
        SlotDuration = options.SlotDuration;
        StartSlot = options.StartSlot;
        ForkSlot = Math.Max(1, options.StartSlot - 8);
        AnchorSlot = Math.Max(0, options.StartSlot - AnchorWindow);
        ValidatorCount = options.ValidatorCount ?? options.NodeCount;
        var genesis = _timeProvider.GetUtcNow() - (SlotDuration * StartSlot);
        GenesisTime = (ulong)Math.Max(0, genesis.ToUnixTimeSeconds());
        Layout = new SyntheticStateLayout(options.StateSizeBytes, ValidatorCount, options.Seed);
        _canonical = new ChainHistory(this, minorityFork: false);
        _minority = new ChainHistory(this, minorityFork: true);
    }

    public TimeSpan SlotDuration { get; }

    public long StartSlot { get; }

    /// <summary>First slot at which a <see cref="Persona.MinorityFork"/> node's roots differ (below the start's finalized slot).</summary>
    public long ForkSlot { get; }

    /// <summary>First slot whose roots are real hash_tree_roots of served blocks and states.</summary>
    public long AnchorSlot { get; }

    /// <summary><c>config.genesis_time</c> in the served states (unix seconds).</summary>
    public ulong GenesisTime { get; }

    internal int ValidatorCount { get; }

    internal SyntheticStateLayout Layout { get; }

    /// <summary>The devnet's head slot now.</summary>
    public long CurrentSlot => StartSlot + (_timeProvider.GetElapsedTime(_startTimestamp).Ticks / SlotDuration.Ticks);

    /// <summary>Root of the block at <paramref name="slot"/> on the canonical chain, or on the minority fork.</summary>
    public string BlockRoot(long slot, bool minorityFork = false) => ToHex(BlockRootBytes(slot, minorityFork));

    /// <summary>hash_tree_root of the state served for the block at <paramref name="slot"/> (its block's state_root).</summary>
    public string StateRoot(long slot, bool minorityFork = false) => ToHex(Roots(slot, minorityFork).StateRoot);

    internal byte[] BlockRootBytes(long slot, bool minorityFork) =>
        slot < AnchorSlot ? PreAnchorRoot(slot, minorityFork && slot >= ForkSlot) : Roots(slot, minorityFork).BlockRoot;

    internal SlotRoots Roots(long slot, bool minorityFork)
    {
        var fork = minorityFork && slot >= ForkSlot;
        return (fork ? _minority : _canonical).Get(Math.Max(slot, AnchorSlot));
    }

    /// <summary>Every block has an empty body: its root is the same for all of them.</summary>
    internal static byte[] BodyRootBytes() => SyntheticState.EmptyBodyRoot;

    /// <summary>The block's parent root: the block one slot earlier, zero below genesis.</summary>
    internal byte[] ParentRootBytes(long slot, bool minorityFork) =>
        slot <= 0 ? new byte[32] : BlockRootBytes(slot - 1, minorityFork);

    /// <summary>Head, justified and finalized as a node with <paramref name="persona"/> sees them now.</summary>
    internal ChainView ViewFor(Persona persona, int laggardLagSlots)
    {
        var head = Hold(CurrentSlot, Interlocked.Read(ref _headHold));
        if (persona == Persona.Laggard)
        {
            head = Math.Max(0, head - laggardLagSlots);
        }

        var view = ChainView.At(head, persona == Persona.MinorityFork);
        var justified = Hold(view.Justified, Interlocked.Read(ref _justifiedHold));
        var finalized = Math.Min(justified, Hold(view.Finalized, Interlocked.Read(ref _finalizedHold)));
        return view with { Justified = justified, Finalized = finalized };
    }

    /// <summary>Every node's head stops at the current slot (the chain stops producing blocks) until <see cref="Resume"/>.</summary>
    public void StallHead() => Interlocked.Exchange(ref _headHold, CurrentSlot);

    /// <summary>Justification (and so finalization) stops where it is now while the head keeps advancing.</summary>
    public void StallJustification() => Interlocked.Exchange(ref _justifiedHold, ChainView.At(CurrentSlot, false).Justified);

    /// <summary>Finalization stops where it is now while the head and justification keep advancing.</summary>
    public void StallFinalization() => Interlocked.Exchange(ref _finalizedHold, ChainView.At(CurrentSlot, false).Finalized);

    /// <summary>Every node's finalized checkpoint moves <paramref name="slots"/> back (as after a reorg) and stays there.</summary>
    public void RegressFinalization(long slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Interlocked.Exchange(ref _finalizedHold, Math.Max(0, ChainView.At(CurrentSlot, false).Finalized - slots));
    }

    /// <summary>Lifts every stall and regression: head, justified and finalized follow the clock again.</summary>
    public void Resume()
    {
        Interlocked.Exchange(ref _headHold, -1);
        Interlocked.Exchange(ref _justifiedHold, -1);
        Interlocked.Exchange(ref _finalizedHold, -1);
    }

    private static long Hold(long slot, long hold) => hold < 0 ? slot : Math.Min(slot, hold);

    internal static string ToHex(ReadOnlySpan<byte> root) => "0x" + Convert.ToHexStringLower(root);

    private byte[] PreAnchorRoot(long slot, bool fork)
    {
        Span<byte> input = stackalloc byte[18];
        BinaryPrimitives.WriteInt64LittleEndian(input, _seed);
        input[8] = 1;
        input[9] = fork ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(input[10..], slot);
        return SHA256.HashData(input);
    }

    /// <summary>Roots of one chain (canonical or minority), computed in slot order because each block names its parent.</summary>
    private sealed class ChainHistory(SimulatedChain chain, bool minorityFork)
    {
        private readonly Lock _lock = new();
        private readonly List<SlotRoots> _roots = [];

        public SlotRoots Get(long slot)
        {
            lock (_lock)
            {
                var index = slot - chain.AnchorSlot;
                while (_roots.Count <= index)
                {
                    var next = chain.AnchorSlot + _roots.Count;
                    _roots.Add(SyntheticState.ComputeRoots(chain, next, minorityFork && next >= chain.ForkSlot));
                }

                return _roots[(int)index];
            }
        }

    }
}

/// <summary>The block root and state root of one slot on one chain.</summary>
internal sealed record SlotRoots(byte[] BlockRoot, byte[] StateRoot);

/// <summary>One node's view of the chain: justified trails the head by 2, finalized by 4, never below 0.</summary>
internal readonly record struct ChainView(long Head, long Justified, long Finalized, bool MinorityFork)
{
    public static ChainView At(long head, bool minorityFork) =>
        new(head, Math.Max(0, head - 2), Math.Max(0, head - 4), minorityFork);
}
