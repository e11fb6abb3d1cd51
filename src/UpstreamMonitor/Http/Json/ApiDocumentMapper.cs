using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Http.Json;

/// <summary>Maps a published snapshot to the JSON documents. Pure: the caller decides <c>stale</c> from its clock.</summary>
internal static class ApiDocumentMapper
{
    public static StatusResponse ToStatus(MonitorSnapshot snapshot, bool stale, ServingCheckpoint? serving = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var s = snapshot.Status;
        var chain = s.Chain;
        return new StatusResponse(
            chain.Justified.Slot ?? 0,
            chain.Finalized.Slot ?? 0,
            UnixMsOrZero(s.LastUpdated),
            UnixMsOrZero(s.LastSuccess),
            stale,
            s.ErrorCount,
            s.LastError,
            chain.Head.Slot,
            chain.Head.Root,
            chain.Justified.Root,
            chain.Finalized.Root,
            ToServing(serving),
            s.Regression is not null,
            s.Regression?.FromSlot);
    }

    public static RoundEventResponse ToEvent(MonitorSnapshot snapshot, bool stale, ServingCheckpoint? serving = null) =>
        new(ToStatus(snapshot, stale, serving), snapshot.Version, ToRound(snapshot.LastRound));

    public static ServingCheckpointResponse? ToServing(ServingCheckpoint? serving) => serving is null
        ? null
        : new ServingCheckpointResponse(serving.Slot, serving.Root, serving.StateRoot, serving.Upstream, serving.VerifiedAt.ToUnixTimeMilliseconds(), serving.HasBlock);

    public static UpstreamsResponse ToUpstreams(MonitorSnapshot snapshot, ServingCheckpoint? serving = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var rows = new UpstreamResponse[snapshot.Upstreams.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ToUpstream(snapshot.Upstreams[i]);
        }

        return new UpstreamsResponse(rows, ToConsensus(snapshot.Consensus), ToRound(snapshot.LastRound), ToServing(serving));
    }

    public static UpstreamResponse ToUpstream(UpstreamStatus u)
    {
        ArgumentNullException.ThrowIfNull(u);
        return new UpstreamResponse(
            u.Name,
            u.DisplayUrl,
            u.Definition.Path,
            u.Client,
            u.Healthy,
            StateName(u.State),
            u.LastSuccess?.ToUnixTimeMilliseconds(),
            u.LastPoll?.ToUnixTimeMilliseconds(),
            u.Latency is { } latency ? Math.Round(latency.TotalMilliseconds, 3) : null,
            u.ErrorCount,
            u.ErrorsTotal,
            u.LastError,
            u.Chain.Justified.Slot,
            u.Chain.Finalized.Slot,
            u.Chain.Justified.Root,
            u.Chain.Finalized.Root,
            u.Chain.Head.Slot,
            u.Chain.Head.Root,
            u.LagSlots,
            u.IsAggregator,
            u.ValidatorCount,
            u.InConsensus,
            StandingName(u.Standing),
            u.ClientVersion,
            u.PeerId,
            u.Syncing?.IsSyncing,
            u.Syncing?.SyncDistance,
            u.GenesisTime);
    }

    public static ConsensusResponse ToConsensus(ConsensusView c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var forks = new ForkResponse[c.FinalizedForks.Count];
        for (var i = 0; i < forks.Length; i++)
        {
            var fork = c.FinalizedForks[i];
            forks[i] = new ForkResponse(fork.Slot, fork.Root, fork.Upstreams, StandingName(fork.Standing));
        }

        return new ConsensusResponse(
            c.TotalUpstreams,
            c.RespondingUpstreams,
            c.ThresholdPercent,
            c.HasConsensus,
            ToVote(c.Finalized),
            ToVote(c.Justified),
            ToVote(c.Head),
            forks,
            c.GenesisTime);
    }

    public static RoundResponse? ToRound(RoundStatistics? r) => r is null
        ? null
        : new RoundResponse(
            r.Number,
            r.StartedAt.ToUnixTimeMilliseconds(),
            r.FinishedAt.ToUnixTimeMilliseconds(),
            (long)r.Duration.TotalMilliseconds,
            (long)r.Budget.TotalMilliseconds,
            r.Concurrency,
            r.Dispatched,
            r.Completed,
            r.Failed,
            r.Abandoned,
            r.Skipped,
            r.InFlight);

    /// <summary>The API's snake_case name of a poll state (<c>in_flight</c>).</summary>
    public static string StateName(UpstreamPollState state) => state switch
    {
        UpstreamPollState.Pending => "pending",
        UpstreamPollState.Ok => "ok",
        UpstreamPollState.Error => "error",
        UpstreamPollState.Timeout => "timeout",
        UpstreamPollState.Skipped => "skipped",
        UpstreamPollState.InFlight => "in_flight",
        _ => "unknown",
    };

    /// <summary>The API's snake_case name of a consensus standing (<c>in_consensus</c>, <c>behind</c>, <c>ahead</c>, <c>fork</c>).</summary>
    public static string StandingName(ConsensusStanding standing) => standing switch
    {
        ConsensusStanding.InConsensus => "in_consensus",
        ConsensusStanding.Behind => "behind",
        ConsensusStanding.Ahead => "ahead",
        ConsensusStanding.Fork => "fork",
        ConsensusStanding.OtherNetwork => "other_network",
        _ => "unknown",
    };

    private static CheckpointVoteResponse? ToVote(CheckpointVote? vote) =>
        vote is null ? null : new CheckpointVoteResponse(vote.Slot, vote.Root, vote.Votes);

    // leanpoint reports "never" as 0 in these two fields; its clients parse them as integers.
    private static long UnixMsOrZero(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds() ?? 0;
}
