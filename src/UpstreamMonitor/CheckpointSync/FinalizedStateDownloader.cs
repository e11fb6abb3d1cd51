using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>
/// One download pass: fetch the consensus finalized state from the majority's upstreams, fastest recent first, until
/// one validates. The previous state stays cached (and served) until then.
/// </summary>
internal sealed partial class FinalizedStateDownloader(
    ILeanApiClient client,
    IConsensusRule rule,
    FinalizedStateCache cache,
    CheckpointSyncStatistics statistics,
    IOptions<CheckpointSyncOptions> options,
    TimeProvider timeProvider,
    ILogger<FinalizedStateDownloader> logger)
{
    /// <summary>The block is small and optional: a few 404s mean "not served", not worth asking every node.</summary>
    internal const int MaxBlockAttempts = 3;

    public async Task<DownloadOutcome> DownloadAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (CheckpointTarget.Of(snapshot) is not { } target || target.Matches(cache.State) || cache.State?.Slot > target.Slot)
        {
            // A state already ahead of the consensus (see VouchedCheckpointAsync) stays until the consensus passes it.
            return DownloadOutcome.NothingToDo;
        }

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

            var validation = FinalizedStateValidator.Validate(result.Value, target.Slot);
            switch (validation.Verdict)
            {
                case StateVerdict.Valid:
                    var state = new CachedCheckpointArtifact(target.Slot, target.Root, result.Value, upstream.Name, timeProvider.GetUtcNow());
                    var block = await DownloadBlockAsync(candidates, i, target, maxBytes, cancellationToken);
                    cache.Store(state, block);
                    statistics.Record(CheckpointSyncStatistics.Ok);
                    LogStateCached(target.Slot, target.Root, state.Length, upstream.Name, block is not null);
                    return DownloadOutcome.Cached;

                case StateVerdict.NewerThanTarget:
                    if (await VouchedCheckpointAsync(upstream, validation.Slot!.Value, snapshot, cancellationToken) is { } vouched)
                    {
                        // Its block may be of yet another slot by now; the state alone is what syncing nodes need.
                        cache.Store(new CachedCheckpointArtifact(vouched.Slot, vouched.Root, result.Value, upstream.Name, timeProvider.GetUtcNow()), null);
                        statistics.Record(CheckpointSyncStatistics.Ok);
                        LogNewerStateCached(vouched.Slot, vouched.Root, target.Slot, upstream.Name);
                        return DownloadOutcome.Cached;
                    }

                    // Every other majority node has moved on too, or soon will: asking each of them is a download storm.
                    statistics.Record(CheckpointSyncStatistics.MovedOn);
                    LogFinalizationMovedOn(upstream.Name, validation.Slot ?? 0, target.Slot);
                    return DownloadOutcome.MovedOn;

                default:
                    statistics.Record(CheckpointSyncStatistics.Invalid);
                    LogStateInvalid(upstream.Name, target.Slot, validation.Reason ?? "invalid");
                    break;
            }
        }

        LogAllFailed(target.Slot, candidates.Count);
        return DownloadOutcome.AllFailed;
    }

    /// <summary>
    /// When finalization advances faster than a round (4 s slots, 10 s rounds), a state at exactly the consensus slot is
    /// out of reach. Whether a majority node's newer state may be served is the consensus rule's call
    /// (<see cref="IConsensusRule.VouchAsync"/>); this supplies the node's own finalized checkpoint, asked right after.
    /// </summary>
    private ValueTask<Checkpoint?> VouchedCheckpointAsync(UpstreamStatus upstream, long servedSlot, MonitorSnapshot snapshot, CancellationToken cancellationToken) =>
        rule.VouchAsync(servedSlot, snapshot.Consensus, async ct =>
        {
            var forkChoice = await client.GetForkChoiceAsync(upstream.Definition, ct);
            return forkChoice.IsSuccess ? forkChoice.Value.Finalized : null;
        }, cancellationToken);

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

    private async Task<CachedCheckpointArtifact?> DownloadBlockAsync(
        IReadOnlyList<UpstreamStatus> candidates,
        int first,
        CheckpointTarget target,
        long maxBytes,
        CancellationToken cancellationToken)
    {
        // Start with the node whose state just validated: it certainly stood on this checkpoint a moment ago.
        for (var attempt = 0; attempt < Math.Min(MaxBlockAttempts, candidates.Count); attempt++)
        {
            var upstream = candidates[(first + attempt) % candidates.Count];
            var result = await client.GetFinalizedBlockAsync(upstream.Definition, maxBytes, cancellationToken);
            if (result.IsSuccess && FinalizedStateValidator.IsPlausibleBlock(result.Value))
            {
                return new CachedCheckpointArtifact(target.Slot, target.Root, result.Value, upstream.Name, timeProvider.GetUtcNow());
            }

            LogBlockUnavailable(upstream.Name, target.Slot, result.IsSuccess ? "not an SSZ block" : result.Error.Message);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint state for finalized slot {Slot} ({Root}) cached: {Bytes} bytes from {Upstream}, block served: {HasBlock}")]
    private partial void LogStateCached(long slot, string root, long bytes, string upstream, bool hasBlock);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint state for finalized slot {Slot} ({Root}) cached, ahead of the consensus slot {TargetSlot}: {Upstream} of the majority has finalized it since")]
    private partial void LogNewerStateCached(long slot, string root, long targetSlot, string upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint state download for finalized slot {Slot} from {Upstream} failed: {Error}")]
    private partial void LogDownloadFailed(string upstream, long slot, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint state for finalized slot {Slot} from {Upstream} failed validation: {Reason}")]
    private partial void LogStateInvalid(string upstream, long slot, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finalization moved on while downloading: {Upstream} served slot {ServedSlot}, target was {TargetSlot}; retargeting to the current consensus")]
    private partial void LogFinalizationMovedOn(string upstream, long servedSlot, long targetSlot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No majority upstream served a valid state for finalized slot {Slot} ({Candidates} tried); the previous state stays served")]
    private partial void LogAllFailed(long slot, int candidates);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Finalized block for slot {Slot} not available from {Upstream}: {Reason}")]
    private partial void LogBlockUnavailable(string upstream, long slot, string reason);
}
