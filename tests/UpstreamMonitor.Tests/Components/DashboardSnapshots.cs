using System.Globalization;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Components;

/// <summary>Published snapshots in each state the dashboard must show, built the way the poller fills them.</summary>
internal static class DashboardSnapshots
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    public static string Root(int n) => "0x" + n.ToString("x64", CultureInfo.InvariantCulture);

    public static UpstreamStatus Healthy(string name, long head = 120, string? finalizedRoot = null, long? lag = 0, int port = 9000) => new()
    {
        Definition = UpstreamDefinition.Create(name, new Uri($"http://127.0.0.1:{port}")),
        State = UpstreamPollState.Ok,
        Healthy = true,
        LastPolledRound = 7,
        LastPoll = Now.AddSeconds(-2),
        LastSuccess = Now.AddSeconds(-2),
        Latency = TimeSpan.FromMilliseconds(42),
        Chain = new ChainCheckpoints(
            new ObservedCheckpoint(head, Root(1000 + (int)head)),
            new ObservedCheckpoint(112, Root(112)),
            new ObservedCheckpoint(104, finalizedRoot ?? Root(104))),
        ValidatorCount = 4,
        IsAggregator = false,
        LagSlots = lag,
        Standing = finalizedRoot is null || finalizedRoot == Root(104) ? ConsensusStanding.InConsensus : ConsensusStanding.Unknown,
    };

    public static UpstreamStatus Failed(string name, UpstreamPollState state, string error, long consecutive = 3, long total = 9, int port = 9100) => new()
    {
        Definition = UpstreamDefinition.Create(name, new Uri($"http://127.0.0.1:{port}")),
        State = state,
        Healthy = false,
        LastPolledRound = 7,
        LastPoll = Now.AddSeconds(-2),
        LastSuccess = Now.AddMinutes(-5),
        Latency = state == UpstreamPollState.Timeout ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(3),
        ErrorCount = consecutive,
        ErrorsTotal = total,
        LastError = error,
    };

    public static MonitorSnapshot Loading() => MonitorSnapshot.Empty(StaleAfter);

    public static MonitorSnapshot NoUpstreams() => MonitorSnapshot.Empty(StaleAfter) with
    {
        Version = 1,
        Consensus = ConsensusView.None(0, 50),
        Status = new MonitorStatus { LastUpdated = Now.AddSeconds(-1), ErrorCount = 1, LastError = "no upstreams configured" },
        LastRound = Round(1, dispatched: 0, completed: 0),
    };

    public static MonitorSnapshot AllHealthy(int count = 4, long version = 7, long head = 120)
    {
        var upstreams = Enumerable.Range(0, count)
            .Select(i => Healthy($"{Clients[i % Clients.Length]}_{i}", head, port: 9000 + i) with { IsAggregator = i == 0 })
            .ToList();
        return WithConsensus(upstreams, version, head);
    }

    /// <summary>Three of five on the majority finalized root, two on another; heads split the same way.</summary>
    public static MonitorSnapshot Forked()
    {
        var minorityRoot = Root(0xbad);
        List<UpstreamStatus> upstreams =
        [
            Healthy("zeam_0", port: 9000),
            Healthy("ream_1", port: 9001),
            Healthy("qlean_2", port: 9002),
            Healthy("lantern_3", head: 118, finalizedRoot: minorityRoot, lag: 2, port: 9003),
            Healthy("grandine_4", head: 118, finalizedRoot: minorityRoot, lag: 2, port: 9004),
        ];
        var snapshot = WithConsensus(upstreams, 7, 120);
        return snapshot with
        {
            Consensus = snapshot.Consensus with
            {
                Finalized = new CheckpointVote(104, Root(104), 3),
                FinalizedForks =
                [
                    new ForkGroup(104, Root(104), ["zeam_0", "ream_1", "qlean_2"], true, ConsensusStanding.InConsensus),
                    new ForkGroup(104, minorityRoot, ["lantern_3", "grandine_4"], false, ConsensusStanding.Fork),
                ],
                HeadForks =
                [
                    new ForkGroup(120, Root(1120), ["zeam_0", "ream_1", "qlean_2"], true, ConsensusStanding.InConsensus),
                    new ForkGroup(118, Root(1118), ["lantern_3", "grandine_4"], false, ConsensusStanding.Fork),
                ],
                Head = new CheckpointVote(120, Root(1120), 3),
                Justified = new CheckpointVote(112, Root(112), 5),
            },
        };
    }

    /// <summary>Three of five on the majority finalized root, two a few slots behind on the same chain.</summary>
    public static MonitorSnapshot Lagging()
    {
        var snapshot = Forked();
        return snapshot with
        {
            Consensus = snapshot.Consensus with
            {
                FinalizedForks =
                [
                    snapshot.Consensus.FinalizedForks[0],
                    new ForkGroup(100, Root(100), ["lantern_3", "grandine_4"], false, ConsensusStanding.Behind),
                ],
                HeadForks =
                [
                    snapshot.Consensus.HeadForks[0],
                    new ForkGroup(118, Root(1118), ["lantern_3", "grandine_4"], false, ConsensusStanding.Behind),
                ],
            },
        };
    }

    /// <summary>The last consensus was two minutes ago; every round since failed to agree.</summary>
    public static MonitorSnapshot Stale()
    {
        List<UpstreamStatus> upstreams =
        [
            Failed("zeam_0", UpstreamPollState.Error, "connection refused (127.0.0.1:9000)", port: 9000),
            Failed("ream_1", UpstreamPollState.Timeout, "timeout after 2000 ms", port: 9001),
            Healthy("qlean_2", port: 9002),
        ];
        return new MonitorSnapshot
        {
            Version = 40,
            Upstreams = upstreams,
            Consensus = ConsensusView.None(3, 50) with { RespondingUpstreams = 1 },
            Status = new MonitorStatus
            {
                Chain = new ChainCheckpoints(new ObservedCheckpoint(110, Root(1110)), new ObservedCheckpoint(100, Root(100)), new ObservedCheckpoint(96, Root(96))),
                LastUpdated = Now.AddSeconds(-1),
                LastSuccess = Now.AddMinutes(-2),
                ErrorCount = 12,
                LastError = "only 1 of 3 upstreams agree on a finalized checkpoint",
            },
            StaleAfter = StaleAfter,
            LastRound = Round(40, dispatched: 3, completed: 3, failed: 2),
        };
    }

    /// <summary>A round that hit its deadline: hung upstreams abandoned, the rest never dispatched.</summary>
    public static MonitorSnapshot Abandoned()
    {
        List<UpstreamStatus> upstreams =
        [
            Healthy("zeam_0", port: 9000),
            Healthy("ream_1", port: 9001),
            Healthy("qlean_2", port: 9002),
            Failed("hung_3", UpstreamPollState.Timeout, "timeout (abandoned)", port: 9003),
            Failed("hung_4", UpstreamPollState.Timeout, "timeout (abandoned)", port: 9004),
            Failed("late_5", UpstreamPollState.Skipped, "not dispatched before the round deadline", port: 9005),
            Failed("late_6", UpstreamPollState.InFlight, "previous poll still running", port: 9006),
        ];
        var snapshot = WithConsensus(upstreams, 9, 120);
        return snapshot with
        {
            LastRound = Round(9, dispatched: 5, completed: 3, abandoned: 2, skipped: 1, inFlight: 1, duration: TimeSpan.FromSeconds(9), budget: TimeSpan.FromSeconds(10)),
            GateInFlight = 3,
        };
    }

    /// <summary>A thousand upstreams, every tenth one failing, in configured order.</summary>
    public static MonitorSnapshot Thousand(long version = 11, long head = 500)
    {
        var upstreams = Enumerable.Range(0, 1000)
            .Select(i => i % 10 == 9
                ? Failed($"node_{i}", UpstreamPollState.Error, "HTTP 503 Service Unavailable", port: 10000 + i)
                : Healthy($"node_{i}", head - (i % 4), lag: i % 4, port: 10000 + i))
            .ToList();
        return WithConsensus(upstreams, version, head);
    }

    public static MonitorSnapshot WithConsensus(IReadOnlyList<UpstreamStatus> upstreams, long version, long head)
    {
        var healthy = upstreams.Where(u => u.Healthy).ToList();
        var consensus = new ConsensusView
        {
            TotalUpstreams = upstreams.Count,
            RespondingUpstreams = healthy.Count,
            Finalized = new CheckpointVote(104, Root(104), healthy.Count),
            Justified = new CheckpointVote(112, Root(112), healthy.Count),
            Head = new CheckpointVote(head, Root(1000 + (int)head), healthy.Count),
            FinalizedForks = [new ForkGroup(104, Root(104), healthy.ConvertAll(u => u.Name), true)],
            HeadForks = [new ForkGroup(head, Root(1000 + (int)head), healthy.ConvertAll(u => u.Name), true)],
        };
        return new MonitorSnapshot
        {
            Version = version,
            Upstreams = ClassifyOutsiders(upstreams, consensus),
            Consensus = consensus,
            Status = new MonitorStatus
            {
                Chain = new ChainCheckpoints(new ObservedCheckpoint(head, Root(1000 + (int)head)), new ObservedCheckpoint(112, Root(112)), new ObservedCheckpoint(104, Root(104))),
                LastUpdated = Now.AddSeconds(-1),
                LastSuccess = Now.AddSeconds(-1),
            },
            StaleAfter = StaleAfter,
            LastRound = Round(version, dispatched: upstreams.Count, completed: upstreams.Count, failed: upstreams.Count - healthy.Count),
        };
    }

    public static RoundStatistics Round(
        long number, int dispatched, int completed, int failed = 0, int abandoned = 0, int skipped = 0, int inFlight = 0,
        TimeSpan? duration = null, TimeSpan? budget = null) => new()
        {
            Number = number,
            StartedAt = Now.AddSeconds(-1) - (duration ?? TimeSpan.FromMilliseconds(250)),
            FinishedAt = Now.AddSeconds(-1),
            Budget = budget ?? TimeSpan.FromSeconds(10),
            Concurrency = 64,
            Dispatched = dispatched,
            Completed = completed,
            Failed = failed,
            Abandoned = abandoned,
            Skipped = skipped,
            InFlight = inFlight,
        };

    /// <summary>Fork or behind for the rows not on the consensus, as the poller's rule decides them.</summary>
    private static List<UpstreamStatus> ClassifyOutsiders(IReadOnlyList<UpstreamStatus> upstreams, ConsensusView consensus)
    {
        var rule = new DefaultConsensusRule();
        return [.. upstreams.Select(u => u.Standing == ConsensusStanding.InConsensus ? u : u with { Standing = rule.Classify(u, MonitorStatus.Initial, consensus) })];
    }

    private static readonly string[] Clients = ["zeam", "ream", "qlean", "lantern"];
}
