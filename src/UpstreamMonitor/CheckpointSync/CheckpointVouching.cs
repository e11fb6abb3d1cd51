using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Ssz.Forks;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>Whether the consensus vouches for a verified state, and why not when it does not.</summary>
public readonly record struct VouchDecision(bool Vouched, string? Reason);

/// <summary>
/// The one rule deciding which verified finalized state may be served (decision 0902): its block is the consensus
/// finalized block, or a later one whose state records the consensus finalized root at its slot (so it descends from
/// what the majority finalized), and it is not older than the pair already served. Kept apart so it can move behind
/// the consensus seam at merge.
/// </summary>
internal static class CheckpointVouching
{
    public static VouchDecision Vouch(MonitorSnapshot snapshot, LstarStateSummary state, ReadOnlySpan<byte> stateBytes, ServingCheckpoint? serving)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(state);
        if (snapshot.Consensus.Finalized is not { } finalized)
        {
            return new(false, "no consensus finalized checkpoint to check the state against");
        }

        if (serving is not null && state.Slot < (ulong)serving.Slot)
        {
            return new(false, $"checkpoint state at slot {state.Slot} is older than the served checkpoint at slot {serving.Slot}");
        }

        if (state.Slot < (ulong)finalized.Slot)
        {
            return new(false, $"checkpoint state at slot {state.Slot} is older than the consensus finalized slot {finalized.Slot}");
        }

        if (state.Slot == (ulong)finalized.Slot)
        {
            return state.BlockRoot == finalized.Root
                ? new(true, null)
                : new(false, $"checkpoint state does not match finalized root {finalized.Root}: hash_tree_root {state.Root} (block root {state.BlockRoot})");
        }

        // Finalization moved on during the download: serve the newer state when it builds on the majority's block.
        var recorded = Lstar.HistoricalBlockHash(stateBytes, (ulong)finalized.Slot);
        return recorded == finalized.Root
            ? new(true, null)
            : new(false, $"checkpoint state does not match finalized root {finalized.Root}: hash_tree_root {state.Root} at slot {state.Slot} records {recorded ?? "no block hash"} at slot {finalized.Slot}");
    }
}
