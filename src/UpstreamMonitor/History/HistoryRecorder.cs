using UpstreamMonitor.Consensus;
using UpstreamMonitor.Http.Json;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.History;

/// <summary>
/// The one place that knows the snapshot's shape: given the previous and the new snapshot, it emits the change-only
/// records history keeps. Pure; the writer calls it off the poller's thread.
/// </summary>
internal static class HistoryRecorder
{
    /// <summary>Longest error text kept; node errors can echo whole bodies.</summary>
    public const int MaxErrorLength = 500;

    public static SnapshotRecords Record(MonitorSnapshot? previous, MonitorSnapshot current, bool everyUpstream = false)
    {
        ArgumentNullException.ThrowIfNull(current);
        var round = current.LastRound;
        if (round is null)
        {
            return SnapshotRecords.Empty;
        }

        var newRound = previous?.LastRound is not { } last || last.Number != round.Number || last.FinishedAt != round.FinishedAt;
        var at = round.FinishedAt.ToUnixTimeMilliseconds();
        // After a gap in writing every upstream gets a fresh row, so the stored "last state" is never stale.
        var before = everyUpstream ? new Dictionary<string, UpstreamStatus>(StringComparer.Ordinal) : IndexByName(previous);
        var changes = new List<UpstreamChange>();
        var outcomes = newRound ? new List<UpstreamRoundOutcome>(current.Upstreams.Count) : null;
        foreach (var upstream in current.Upstreams)
        {
            if (outcomes is not null)
            {
                var polled = upstream.LastPolledRound == round.Number;
                outcomes.Add(new UpstreamRoundOutcome(
                    upstream.Name,
                    polled && upstream.State == UpstreamPollState.Ok,
                    polled ? upstream.Latency?.TotalMilliseconds : null));
            }

            if (upstream.State == UpstreamPollState.Pending)
            {
                continue;
            }

            before.TryGetValue(upstream.Name, out var old);
            var kind = Compare(old, upstream, previous?.Status, current.Status);
            if (kind != UpstreamChangeKind.None)
            {
                changes.Add(ToChange(upstream, at, round.Number, kind));
            }
        }

        return new SnapshotRecords(
            newRound ? ToRound(round, current.Consensus) : null,
            changes,
            newRound ? Events(previous?.Status, current.Status, at) : [],
            outcomes ?? [],
            ToMonitor(current.Status, round));
    }

    private static Dictionary<string, UpstreamStatus> IndexByName(MonitorSnapshot? snapshot)
    {
        var index = new Dictionary<string, UpstreamStatus>(snapshot?.Upstreams.Count ?? 0, StringComparer.Ordinal);
        foreach (var upstream in snapshot?.Upstreams ?? [])
        {
            index[upstream.Name] = upstream;
        }

        return index;
    }

    private static UpstreamChangeKind Compare(UpstreamStatus? old, UpstreamStatus now, MonitorStatus? oldStatus, MonitorStatus status)
    {
        if (old is null || old.State == UpstreamPollState.Pending || oldStatus is null)
        {
            return UpstreamChangeKind.Initial;
        }

        var kind = UpstreamChangeKind.None;
        if (old.State != now.State)
        {
            kind |= UpstreamChangeKind.State;
        }
        else if (now.State != UpstreamPollState.Ok && !string.Equals(old.LastError, now.LastError, StringComparison.Ordinal))
        {
            kind |= UpstreamChangeKind.Error;
        }

        // Slots are kept as lag to the consensus: a node keeping pace writes nothing, one falling behind writes rows.
        if (Lag(oldStatus.Chain.Head.Slot, old.Chain.Head.Slot) != Lag(status.Chain.Head.Slot, now.Chain.Head.Slot)
            || Lag(oldStatus.Chain.Justified.Slot, old.Chain.Justified.Slot) != Lag(status.Chain.Justified.Slot, now.Chain.Justified.Slot)
            || Lag(oldStatus.Chain.Finalized.Slot, old.Chain.Finalized.Slot) != Lag(status.Chain.Finalized.Slot, now.Chain.Finalized.Slot))
        {
            kind |= UpstreamChangeKind.Slots;
        }

        if (InConsensus(old) != InConsensus(now) || (!InConsensus(now) && !string.Equals(ForkRoot(old), ForkRoot(now), StringComparison.Ordinal)))
        {
            kind |= UpstreamChangeKind.Fork;
        }

        return kind;
    }

    private static long? Lag(long? reference, long? own)
    {
        if (own is not { } o)
        {
            return null;
        }

        // Without a reference the slot itself is compared, so a move is still seen.
        return reference is { } r ? r - o : -o;
    }

    private static bool InConsensus(UpstreamStatus upstream) => upstream.Standing == ConsensusStanding.InConsensus;

    private static string? ForkRoot(UpstreamStatus upstream) => InConsensus(upstream) ? null : upstream.Chain.Finalized.Root;

    private static UpstreamChange ToChange(UpstreamStatus upstream, long at, long round, UpstreamChangeKind kind) => new(
        upstream.Name,
        at,
        round,
        ApiDocumentMapper.StateName(upstream.State),
        upstream.State == UpstreamPollState.Ok ? null : Redact(upstream.LastError, upstream.Definition),
        upstream.Chain.Head.Slot,
        upstream.Chain.Justified.Slot,
        upstream.Chain.Finalized.Slot,
        upstream.LagSlots,
        InConsensus(upstream),
        ForkRoot(upstream),
        kind,
        upstream.LastSuccess?.ToUnixTimeMilliseconds(),
        upstream.ErrorsTotal);

    /// <summary>Credentials never reach the store: the upstream's own user-info, then anything URL-shaped.</summary>
    internal static string? Redact(string? error, UpstreamDefinition definition)
    {
        if (error is null)
        {
            return null;
        }

        var masked = UrlRedaction.MaskText(UrlRedaction.MaskText(error, definition.Url));
        return masked.Length <= MaxErrorLength ? masked : masked[..MaxErrorLength];
    }

    private static RoundRecord ToRound(RoundStatistics round, ConsensusView consensus) => new(
        round.FinishedAt.ToUnixTimeMilliseconds(),
        round.Number,
        (long)round.Duration.TotalMilliseconds,
        (long)round.Budget.TotalMilliseconds,
        round.Dispatched,
        round.Completed,
        round.Failed,
        round.Abandoned,
        round.Skipped,
        ToCheckpoint(consensus.Finalized),
        ToCheckpoint(consensus.Justified),
        ToCheckpoint(consensus.Head),
        consensus.HasConsensus);

    private static CheckpointRecord? ToCheckpoint(CheckpointVote? vote) =>
        vote is null ? null : new CheckpointRecord(vote.Slot, vote.Root, vote.Votes);

    private static List<ChainEvent> Events(MonitorStatus? before, MonitorStatus now, long at)
    {
        var events = new List<ChainEvent>(3);
        var chain = now.Chain;
        long? oldFinalized = before?.Chain.Finalized.Slot;
        long? oldJustified = before?.Chain.Justified.Slot;
        if (chain.Finalized is { Slot: { } finalized, Root: { } finalizedRoot } && finalized > (oldFinalized ?? -1))
        {
            events.Add(new ChainEvent(at, ChainEventKinds.Finalized, finalized, finalizedRoot, oldFinalized));
        }

        if (chain.Justified is { Slot: { } justified, Root: { } justifiedRoot } && justified > (oldJustified ?? -1))
        {
            events.Add(new ChainEvent(at, ChainEventKinds.Justified, justified, justifiedRoot, oldJustified));
        }

        if (chain.Head.Slot is { } head && head > (before?.Chain.Head.Slot ?? -1))
        {
            events.Add(new ChainEvent(at, ChainEventKinds.Head, head, chain.Head.Root, before?.Chain.Head.Slot));
        }

        return events;
    }

    private static MonitorLastState ToMonitor(MonitorStatus status, RoundStatistics round) => new(
        round.FinishedAt.ToUnixTimeMilliseconds(),
        round.Number,
        status.Chain.Finalized.Slot ?? 0,
        status.Chain.Finalized.Root,
        status.Chain.Justified.Slot ?? 0,
        status.Chain.Justified.Root,
        status.Chain.Head.Slot,
        status.Chain.Head.Root,
        status.LastSuccess?.ToUnixTimeMilliseconds(),
        status.ErrorCount);
}
