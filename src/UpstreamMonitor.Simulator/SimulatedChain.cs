using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// The devnet's chain: a shared clock (one slot per slot duration) and deterministic roots per (seed, chain, slot).
/// Roots are synthetic SHA-256 values, not SSZ hash_tree_roots: the monitor compares them, it never recomputes them.
/// </summary>
public sealed class SimulatedChain
{
    private readonly TimeProvider _timeProvider;
    private readonly long _startTimestamp;
    private readonly long _seed;

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
        var genesis = _timeProvider.GetUtcNow() - (SlotDuration * StartSlot);
        GenesisTime = (ulong)Math.Max(0, genesis.ToUnixTimeSeconds());
    }

    public TimeSpan SlotDuration { get; }

    public long StartSlot { get; }

    /// <summary>First slot at which a <see cref="Persona.MinorityFork"/> node's roots differ (below the start's finalized slot).</summary>
    public long ForkSlot { get; }

    /// <summary><c>config.genesis_time</c> in the served states (unix seconds).</summary>
    public ulong GenesisTime { get; }

    /// <summary>The devnet's head slot now.</summary>
    public long CurrentSlot => StartSlot + (_timeProvider.GetElapsedTime(_startTimestamp).Ticks / SlotDuration.Ticks);

    /// <summary>Root of the block at <paramref name="slot"/> on the canonical chain, or on the minority fork.</summary>
    public string BlockRoot(long slot, bool minorityFork = false) => ToHex(BlockRootBytes(slot, minorityFork));

    internal byte[] BlockRootBytes(long slot, bool minorityFork) => Hash(RootKind.Block, slot, minorityFork && slot >= ForkSlot);

    internal byte[] BodyRootBytes(long slot, bool minorityFork) => Hash(RootKind.Body, slot, minorityFork && slot >= ForkSlot);

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

    private byte[] Hash(RootKind kind, long slot, bool fork)
    {
        Span<byte> input = stackalloc byte[18];
        BinaryPrimitives.WriteInt64LittleEndian(input, _seed);
        input[8] = (byte)kind;
        input[9] = fork ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(input[10..], slot);
        return SHA256.HashData(input);
    }

    private enum RootKind : byte
    {
        Block = 1,
        Body = 2,
    }
}

/// <summary>One node's view of the chain: justified trails the head by 2, finalized by 4, never below 0.</summary>
internal readonly record struct ChainView(long Head, long Justified, long Finalized, bool MinorityFork)
{
    public static ChainView At(long head, bool minorityFork) =>
        new(head, Math.Max(0, head - 2), Math.Max(0, head - 4), minorityFork);
}
