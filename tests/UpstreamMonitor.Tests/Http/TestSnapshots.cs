using System.Globalization;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Http;

/// <summary>Published snapshots as the poller would build them, for tests that read the snapshot only.</summary>
internal static class TestSnapshots
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Root(int n) => "0x" + n.ToString("x64", CultureInfo.InvariantCulture);

    /// <summary>A healthy upstream on the given checkpoints.</summary>
    public static UpstreamStatus Healthy(
        string name,
        long head,
        long justified,
        long finalized,
        long round = 1,
        string? url = null,
        double latencyMs = 12.5,
        int finalizedRootId = 0) => new()
        {
            Definition = UpstreamDefinition.Create(name, new Uri(url ?? $"http://127.0.0.1:{5052}/")),
            State = UpstreamPollState.Ok,
            Healthy = true,
            LastPolledRound = round,
            LastPoll = Start,
            LastSuccess = Start,
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            Chain = new ChainCheckpoints(
                new ObservedCheckpoint(head, Root((int)head)),
                new ObservedCheckpoint(justified, Root((int)justified)),
                new ObservedCheckpoint(finalized, Root(finalizedRootId == 0 ? (int)finalized : finalizedRootId))),
            ValidatorCount = 4,
            IsAggregator = false,
        };

    /// <summary>An upstream that never answered: everything unknown.</summary>
    public static UpstreamStatus Unreachable(string name, long round = 1) => new()
    {
        Definition = UpstreamDefinition.Create(name, new Uri("http://127.0.0.1:9/")),
        State = UpstreamPollState.Error,
        Healthy = false,
        LastPolledRound = round,
        LastPoll = Start,
        ErrorCount = 3,
        ErrorsTotal = 7,
        LastError = "connection refused",
    };

    /// <summary>
    /// A snapshot whose consensus is computed the simple way (strict majority of configured upstreams on the same
    /// finalized root), with lag and in-consensus filled in, finished at <paramref name="at"/>.
    /// </summary>
    public static MonitorSnapshot Round(long number, DateTimeOffset at, params UpstreamStatus[] upstreams)
    {
        var total = upstreams.Length;
        var responding = upstreams.Count(u => u.Healthy);
        var groups = upstreams.Where(u => u.Chain.Finalized.Root is not null)
            .GroupBy(u => (FinalizedSlot: u.Chain.Finalized.Slot, FinalizedRoot: u.Chain.Finalized.Root))
            .OrderByDescending(g => g.Count())
            .ToList();
        var majority = groups.FirstOrDefault(g => g.Count() * 100 > total * 50);
        var heads = upstreams.Where(u => u.Chain.Head.Root is not null).GroupBy(u => (HeadSlot: u.Chain.Head.Slot, HeadRoot: u.Chain.Head.Root)).OrderByDescending(g => g.Count()).FirstOrDefault();
        var justified = upstreams.Where(u => u.Chain.Justified.Root is not null).GroupBy(u => (JustifiedSlot: u.Chain.Justified.Slot, JustifiedRoot: u.Chain.Justified.Root)).OrderByDescending(g => g.Count()).FirstOrDefault();
        CheckpointVote? finalizedVote = majority is null ? null : new CheckpointVote(majority.Key.FinalizedSlot!.Value, majority.Key.FinalizedRoot!, majority.Count());
        CheckpointVote? headVote = heads is not null && heads.Count() * 100 > total * 50 ? new CheckpointVote(heads.Key.HeadSlot!.Value, heads.Key.HeadRoot!, heads.Count()) : null;
        CheckpointVote? justifiedVote = justified is not null && justified.Count() * 100 > total * 50 ? new CheckpointVote(justified.Key.JustifiedSlot!.Value, justified.Key.JustifiedRoot!, justified.Count()) : null;

        var rows = upstreams.Select(u => u with
        {
            Standing = finalizedVote is not null && u.Chain.Finalized.Root == finalizedVote.Root && u.Chain.Finalized.Slot == finalizedVote.Slot
                ? ConsensusStanding.InConsensus
                : ConsensusStanding.Unknown,
            LagSlots = headVote is not null && u.Chain.Head.Slot is { } h ? headVote.Slot - h : null,
        }).ToList();

        var consensus = new ConsensusView
        {
            TotalUpstreams = total,
            RespondingUpstreams = responding,
            ThresholdPercent = 50,
            Finalized = finalizedVote,
            Justified = justifiedVote,
            Head = headVote,
            FinalizedForks = groups.Select(g => new ForkGroup(g.Key.FinalizedSlot, g.Key.FinalizedRoot!, g.Select(u => u.Name).ToList(), g == majority, g == majority ? ConsensusStanding.InConsensus : ConsensusStanding.Unknown)).ToList(),
        };

        var status = new MonitorStatus
        {
            Chain = new ChainCheckpoints(
                new ObservedCheckpoint(headVote?.Slot, headVote?.Root),
                new ObservedCheckpoint(justifiedVote?.Slot, justifiedVote?.Root),
                new ObservedCheckpoint(finalizedVote?.Slot, finalizedVote?.Root)),
            LastUpdated = at,
            LastSuccess = finalizedVote is null ? null : at,
            ErrorCount = finalizedVote is null ? 1 : 0,
            LastError = finalizedVote is null ? "no finalized consensus" : null,
        };

        return new MonitorSnapshot
        {
            Version = number,
            Upstreams = rows,
            Consensus = consensus,
            Status = status,
            StaleAfter = TimeSpan.FromSeconds(30),
            GateInFlight = 0,
            LastRound = new RoundStatistics
            {
                Number = number,
                StartedAt = at - TimeSpan.FromMilliseconds(250),
                FinishedAt = at,
                Budget = TimeSpan.FromSeconds(15),
                Concurrency = 64,
                Dispatched = total,
                Completed = total,
                Failed = total - responding,
            },
        };
    }

    /// <summary>Three nodes finalized at <paramref name="finalized"/>: a clear majority.</summary>
    public static MonitorSnapshot Devnet(long number, DateTimeOffset at, long finalized, long head = -1) => Round(
        number,
        at,
        Healthy("zeam_0", head < 0 ? finalized + 8 : head, finalized + 4, finalized, number, latencyMs: 30),
        Healthy("ream_0", head < 0 ? finalized + 8 : head, finalized + 4, finalized, number, latencyMs: 10),
        Healthy("qlean_0", head < 0 ? finalized + 8 : head, finalized + 4, finalized, number, latencyMs: 20));
}
