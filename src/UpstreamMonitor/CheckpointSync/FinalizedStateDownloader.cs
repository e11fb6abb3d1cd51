using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Ssz.Forks;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>
/// One download pass: fetch the finalized state from the majority's upstreams, fastest recent first, until one
/// verifies (decision 0902): hash_tree_root(state) is recomputed, its block root must be one the consensus vouches
/// for (<see cref="IConsensusRule.VouchAsync"/>), and a block is kept only when hash_tree_root(block.message) is that root
/// and its state_root is hash_tree_root(state). The previous pair stays served until then.
/// </summary>
internal sealed partial class FinalizedStateDownloader(
    ILeanApiClient client,
    IConsensusRule rule,
    FinalizedStateCache cache,
    CheckpointSyncStatistics statistics,
    ICheckpointRejectionSink rejections,
    IOptions<CheckpointSyncOptions> options,
    TimeProvider timeProvider,
    ILogger<FinalizedStateDownloader> logger)
{
    /// <summary>The block is small and optional: a few 404s mean "not served", not worth asking every node.</summary>
    internal const int MaxBlockAttempts = 3;

    public async Task<DownloadOutcome> DownloadAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
    {
        var serving = cache.Serving;
        var regression = snapshot.Status.Regression;
        if (CheckpointTarget.Of(snapshot) is not { } target || !NeedsDownload(serving, target, regression))
        {
            return DownloadOutcome.NothingToDo;
        }

        // After finality moved back (decision 0903) the pair of the new, lower finalized root may replace a higher one.
        var mayStepDown = serving?.IsOfLeftView(regression) == true;
        var candidates = MajorityCandidates(snapshot, target);
        var maxBytes = options.Value.MaxStateBytes;
        for (var i = 0; i < candidates.Count; i++)
        {
            var upstream = candidates[i];
            var result = await client.GetFinalizedStateAsync(upstream.Definition, maxBytes, cancellationToken);
            if (!result.IsSuccess)
            {
                statistics.Record(result.Error.Kind == LeanApiErrorKind.TooLarge ? CheckpointSyncStatistics.TooLarge : CheckpointSyncStatistics.Failed);
                LogDownloadFailed(upstream.Name, target.Slot, result.Error.Message);
                continue;
            }

            if (FinalizedStateValidator.Validate(result.Value, target.Slot) is { Verdict: StateVerdict.Invalid, Slot: null } shape)
            {
                Reject(upstream.Name, CheckpointSyncStatistics.Invalid, $"checkpoint state is not SSZ: {shape.Reason}");
                continue;
            }

            if (!Lstar.TryReadState(result.Value, out var state, out var decodeError))
            {
                Reject(upstream.Name, CheckpointSyncStatistics.Invalid, $"checkpoint state is not a valid lstar State: {decodeError}");
                continue;
            }

            if (serving is not null && !mayStepDown && state!.Slot < (ulong)serving.Slot)
            {
                // Older than the pair served, and finality did not move back: never a step down.
                Reject(upstream.Name, CheckpointSyncStatistics.Mismatch, $"checkpoint state at slot {state.Slot} is older than the served checkpoint at slot {serving.Slot}");
                continue;
            }

            var vouch = await rule.VouchAsync(state!, result.Value, snapshot.Consensus, cancellationToken);
            if (!vouch.Vouched)
            {
                Reject(upstream.Name, CheckpointSyncStatistics.Mismatch, vouch.Reason!);
                continue;
            }

            var (block, blockError) = await DownloadBlockAsync(candidates, i, state!, maxBytes, cancellationToken);
            if (blockError is not null)
            {
                // Its own block names another state: a pair from different snapshots, never served.
                Reject(upstream.Name, CheckpointSyncStatistics.Mismatch, blockError);
                continue;
            }

            var now = timeProvider.GetUtcNow();
            var slot = (long)state!.Slot;
            var stateArtifact = new CachedCheckpointArtifact(slot, state.BlockRoot, result.Value, upstream.Name, now);
            var blockArtifact = block is null ? null : new CachedCheckpointArtifact(slot, state.BlockRoot, block.Value.Bytes, block.Value.Upstream, now);
            cache.Store(stateArtifact, blockArtifact, state.Root, snapshot.Status.LastUpdated);
            statistics.Record(CheckpointSyncStatistics.Ok);
            rejections.Verified(upstream.Name);
            LogStateCached(slot, state.BlockRoot, state.Root, stateArtifact.Length, upstream.Name, blockArtifact is not null, target.Slot);
            return DownloadOutcome.Cached;
        }

        LogAllFailed(target.Slot, candidates.Count);
        return DownloadOutcome.AllFailed;
    }

    /// <summary>
    /// A pair at or ahead of the consensus stays until the consensus passes it, unless it was vouched for before finality
    /// last moved back: then it keeps serving only until a verified pair of the new finalized view replaces it.
    /// </summary>
    private static bool NeedsDownload(ServingCheckpoint? serving, CheckpointTarget target, FinalityRegression? regression)
    {
        if (serving is null)
        {
            return true;
        }

        if (serving.Slot == target.Slot && serving.Root == target.Root)
        {
            return false;
        }

        return serving.Slot < target.Slot || serving.IsOfLeftView(regression);
    }

    /// <summary>Upstreams on the consensus finalized checkpoint: healthy first, then by latest latency, then configured order.</summary>
    public static IReadOnlyList<UpstreamStatus> MajorityCandidates(MonitorSnapshot snapshot, CheckpointTarget target)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Upstreams
            .Where(u => u.Standing == ConsensusStanding.InConsensus && u.Chain.Finalized.Slot == target.Slot && u.Chain.Finalized.Root == target.Root)
            .OrderBy(u => u.Healthy ? 0 : 1)
            .ThenBy(u => u.Latency ?? TimeSpan.MaxValue)
            .ToList();
    }

    private void Reject(string upstream, string result, string error)
    {
        statistics.Record(result);
        rejections.Rejected(upstream, error);
        LogStateRejected(upstream, error);
    }

    /// <summary>
    /// The block of the verified state: first from the node whose state verified (a mismatch there fails the pair),
    /// then from others when it serves none. A block that does not match is never kept.
    /// </summary>
    private async Task<((byte[] Bytes, string Upstream)? Block, string? Error)> DownloadBlockAsync(
        IReadOnlyList<UpstreamStatus> candidates,
        int first,
        LstarStateSummary state,
        long maxBytes,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Math.Min(MaxBlockAttempts, candidates.Count); attempt++)
        {
            var upstream = candidates[(first + attempt) % candidates.Count];
            var result = await client.GetFinalizedBlockAsync(upstream.Definition, maxBytes, cancellationToken);
            if (!result.IsSuccess)
            {
                LogBlockUnavailable(upstream.Name, (long)state.Slot, result.Error.Message);
                continue;
            }

            if (!Lstar.TryReadSignedBlock(result.Value, out var block, out var decodeError))
            {
                // Not a block at all (a proxy page, another route's body): treated like a block not served.
                LogBlockNotSsz(upstream.Name, (long)state.Slot, decodeError);
                continue;
            }

            if (block!.Root == state.BlockRoot && block.StateRoot == state.Root)
            {
                return ((result.Value, upstream.Name), null);
            }

            var reason = $"checkpoint block does not match its state: hash_tree_root(block.message) {block.Root} at slot {block.Slot} with state_root {block.StateRoot}, state hash_tree_root {state.Root} of block {state.BlockRoot} at slot {state.Slot}";

            if (attempt == 0)
            {
                return (null, reason);
            }

            Reject(upstream.Name, CheckpointSyncStatistics.Mismatch, reason);
        }

        return (null, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint for finalized slot {Slot} ({Root}, state {StateRoot}) verified and served: {Bytes} bytes from {Upstream}, block served: {HasBlock}; consensus slot was {TargetSlot}")]
    private partial void LogStateCached(long slot, string root, string stateRoot, long bytes, string upstream, bool hasBlock, long targetSlot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint state download for finalized slot {Slot} from {Upstream} failed: {Error}")]
    private partial void LogDownloadFailed(string upstream, long slot, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint from {Upstream} failed verification: {Reason}")]
    private partial void LogStateRejected(string upstream, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No majority upstream served a verified state for finalized slot {Slot} ({Candidates} tried); the previous pair stays served")]
    private partial void LogAllFailed(long slot, int candidates);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Finalized block for slot {Slot} not available from {Upstream}: {Reason}")]
    private partial void LogBlockUnavailable(string upstream, long slot, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Finalized block for slot {Slot} from {Upstream} is not a valid lstar SignedBlock: {Reason}")]
    private partial void LogBlockNotSsz(string upstream, long slot, string reason);
}
