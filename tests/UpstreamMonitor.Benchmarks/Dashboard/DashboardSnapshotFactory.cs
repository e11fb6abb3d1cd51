using System.Globalization;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Dashboard;

/// <summary>
/// A poll round's snapshot as the poller would publish it for a large fleet: every tenth upstream failing, heads
/// spread over a few slots, and every row different from the previous round (so each update really changes the page).
/// </summary>
internal static class DashboardSnapshotFactory
{
    public static MonitorSnapshot Round(IReadOnlyList<UpstreamDefinition> fleet, long version, DateTimeOffset now)
    {
        var head = 1_000 + version;
        var upstreams = new UpstreamStatus[fleet.Count];
        var healthyNames = new List<string>(fleet.Count);
        for (var i = 0; i < fleet.Count; i++)
        {
            if (i % 10 == 9)
            {
                upstreams[i] = new UpstreamStatus
                {
                    Definition = fleet[i],
                    State = i % 20 == 19 ? UpstreamPollState.Timeout : UpstreamPollState.Error,
                    LastPolledRound = version,
                    LastPoll = now,
                    LastSuccess = now.AddSeconds(-30 - version),
                    Latency = TimeSpan.FromMilliseconds(300 + (version % 7)),
                    ErrorCount = version,
                    ErrorsTotal = version + i,
                    LastError = i % 20 == 19 ? "timeout after 300 ms" : "HTTP 503 Service Unavailable from /lean/v0/fork_choice",
                };
                continue;
            }

            var lag = (i + version) % 4;
            upstreams[i] = new UpstreamStatus
            {
                Definition = fleet[i],
                State = UpstreamPollState.Ok,
                Healthy = true,
                LastPolledRound = version,
                LastPoll = now,
                LastSuccess = now,
                Latency = TimeSpan.FromMilliseconds(2 + ((i * 7 + version) % 40)),
                Chain = new ChainCheckpoints(
                    new ObservedCheckpoint(head - lag, Root(head - lag)),
                    new ObservedCheckpoint(head - 8, Root(head - 8)),
                    new ObservedCheckpoint(head - 16, Root(head - 16))),
                ValidatorCount = 4,
                IsAggregator = i % 8 == 0,
                LagSlots = lag,
                Standing = ConsensusStanding.InConsensus,
            };
            healthyNames.Add(fleet[i].Name);
        }

        return new MonitorSnapshot
        {
            Version = version,
            Upstreams = upstreams,
            Consensus = new ConsensusView
            {
                TotalUpstreams = fleet.Count,
                RespondingUpstreams = healthyNames.Count,
                Finalized = new CheckpointVote(head - 16, Root(head - 16), healthyNames.Count),
                Justified = new CheckpointVote(head - 8, Root(head - 8), healthyNames.Count),
                Head = new CheckpointVote(head, Root(head), healthyNames.Count / 4),
                FinalizedForks = [new ForkGroup(head - 16, Root(head - 16), healthyNames, true)],
                HeadForks = [new ForkGroup(head, Root(head), healthyNames, true)],
            },
            Status = new MonitorStatus
            {
                Chain = new ChainCheckpoints(
                    new ObservedCheckpoint(head, Root(head)),
                    new ObservedCheckpoint(head - 8, Root(head - 8)),
                    new ObservedCheckpoint(head - 16, Root(head - 16))),
                LastUpdated = now,
                LastSuccess = now,
            },
            StaleAfter = TimeSpan.FromSeconds(30),
            LastRound = new RoundStatistics
            {
                Number = version,
                StartedAt = now.AddMilliseconds(-400),
                FinishedAt = now,
                Budget = TimeSpan.FromSeconds(10),
                Concurrency = 64,
                Dispatched = fleet.Count,
                Completed = fleet.Count,
                Failed = fleet.Count / 10,
            },
        };
    }

    public static List<UpstreamDefinition> Fleet(int count) =>
        Enumerable.Range(0, count)
            .Select(i => UpstreamDefinition.Create(string.Create(CultureInfo.InvariantCulture, $"node_{i}"), new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{20000 + i}"))))
            .ToList();

    private static string Root(long slot) => "0x" + slot.ToString("x64", CultureInfo.InvariantCulture);
}
