using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.CheckpointSync;

/// <summary>
/// Real lstar SSZ blocks and states for the checkpoint-sync tests, from the simulator's chain (whose roots are
/// hash_tree_roots, checked in SimulatedSszTests), and snapshots whose majority stands on those roots.
/// </summary>
internal sealed class VerifiedChain
{
    private readonly SimulatedChain _chain;

    public VerifiedChain(long stateBytes = 4096)
    {
        _chain = new SimulatedChain(new SimulatedDevnetOptions
        {
            NodeCount = 4,
            StartSlot = 100,
            StateSizeBytes = stateBytes,
            TimeProvider = new FakeTimeProvider(TestSnapshots.Start),
        });
    }

    public string Root(long slot, bool fork = false) => _chain.BlockRoot(slot, fork);

    public string StateRoot(long slot) => _chain.StateRoot(slot);

    public byte[] State(long slot, bool fork = false) => SyntheticState.CreateFull(_chain, slot, fork);

    public byte[] Block(long slot) => SyntheticBlock.Create(_chain, slot, fork: false);

    public UpstreamStatus Healthy(string name, long finalized, long round = 1, double latencyMs = 12.5, string? url = null, string? finalizedRoot = null) =>
        TestSnapshots.Healthy(name, finalized + 8, finalized + 4, finalized, round, url, latencyMs) with
        {
            Chain = new ChainCheckpoints(
                new ObservedCheckpoint(finalized + 8, Root(finalized + 8)),
                new ObservedCheckpoint(finalized + 4, Root(finalized + 4)),
                new ObservedCheckpoint(finalized, finalizedRoot ?? Root(finalized))),
        };

    /// <summary>Three nodes finalized at <paramref name="finalized"/>, ream fastest, then qlean, then zeam.</summary>
    public MonitorSnapshot Devnet(long round, DateTimeOffset at, long finalized) => TestSnapshots.Round(
        round,
        at,
        Healthy("zeam_0", finalized, round, 30),
        Healthy("ream_0", finalized, round, 10),
        Healthy("qlean_0", finalized, round, 20));
}
