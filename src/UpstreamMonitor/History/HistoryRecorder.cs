using UpstreamMonitor.Configuration;
using UpstreamMonitor.Http.Json;
using UpstreamMonitor.Snapshots;

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
        if (Lag(oldStatus.HeadSlot, old.HeadSlot) != Lag(status.HeadSlot, now.HeadSlot)
            || Lag(oldStatus.JustifiedSlot, old.JustifiedSlot) != Lag(status.JustifiedSlot, now.JustifiedSlot)
            || Lag(oldStatus.FinalizedSlot, old.FinalizedSlot) != Lag(status.FinalizedSlot, now.FinalizedSlot))
        {
            kind |= UpstreamChangeKind.Slots;
        }

        if (old.InConsensus != now.InConsensus || (!now.InConsensus && !string.Equals(ForkRoot(old), ForkRoot(now), StringComparison.Ordinal)))
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

    private static string? ForkRoot(UpstreamStatus upstream) => upstream.InConsensus ? null : upstream.FinalizedRoot;

    private static UpstreamChange ToChange(UpstreamStatus upstream, long at, long round, UpstreamChangeKind kind) => new(
        upstream.Name,
        at,
        round,
        ApiDocumentMapper.StateName(upstream.State),
        upstream.State == UpstreamPollState.Ok ? null : Redact(upstream.LastError, upstream.Definition),
        upstream.HeadSlot,
        upstream.JustifiedSlot,
        upstream.FinalizedSlot,
        upstream.LagSlots,
        upstream.InConsensus,
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
        long? oldFinalized = before is null ? null : before.FinalizedSlot;
        long? oldJustified = before is null ? null : before.JustifiedSlot;
        if (now.FinalizedRoot is not null && now.FinalizedSlot > (oldFinalized ?? -1))
        {
            events.Add(new ChainEvent(at, ChainEventKinds.Finalized, now.FinalizedSlot, now.FinalizedRoot, oldFinalized));
        }

        if (now.JustifiedRoot is not null && now.JustifiedSlot > (oldJustified ?? -1))
        {
            events.Add(new ChainEvent(at, ChainEventKinds.Justified, now.JustifiedSlot, now.JustifiedRoot, oldJustified));
        }

        if (now.HeadSlot is { } head && head > (before?.HeadSlot ?? -1))
        {
            events.Add(new ChainEvent(at, ChainEventKinds.Head, head, now.HeadRoot, before?.HeadSlot));
        }

        return events;
    }

    private static MonitorLastState ToMonitor(MonitorStatus status, RoundStatistics round) => new(
        round.FinishedAt.ToUnixTimeMilliseconds(),
        round.Number,
        status.FinalizedSlot,
        status.FinalizedRoot,
        status.JustifiedSlot,
        status.JustifiedRoot,
        status.HeadSlot,
        status.HeadRoot,
        status.LastSuccess?.ToUnixTimeMilliseconds(),
        status.ErrorCount);
}
