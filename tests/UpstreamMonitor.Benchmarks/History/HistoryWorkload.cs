using UpstreamMonitor.Consensus;
using UpstreamMonitor.History;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.History;

/// <summary>
/// A 1000-upstream fleet at 4 s rounds with 5% of upstreams flapping (ok ↔ error each round), and a store pre-filled
/// with 30 days of hourly rollups and 24 h of rounds: the load the history figures are measured on.
/// </summary>
internal static class HistoryWorkload
{
    public const int Upstreams = 1000;
    public const double FlappingShare = 0.05;
    public static readonly TimeSpan RoundInterval = TimeSpan.FromSeconds(4);
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly UpstreamDefinition[] Definitions = Enumerable.Range(0, Upstreams)
        .Select(i => UpstreamDefinition.Create($"{Clients[i % Clients.Length]}_{i}", new Uri($"http://127.0.0.1:{20000 + i}/")))
        .ToArray();

    private static string[] Clients => ["zeam", "ream", "qlean", "lantern", "grandine"];

    public static string Root(long slot) => "0x" + slot.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static ChainCheckpoints Chain(long head) =>
        new(new Checkpoint(head, Root(head)), new Checkpoint(head - 1, Root(head - 1)), new Checkpoint(head - 2, Root(head - 2)));

    /// <summary>
    /// Round <paramref name="n"/> of a fleet of <paramref name="upstreams"/> (at most 1000), <paramref name="interval"/>
    /// (default 4 s) after the one before: head advances a slot a round, finality 2 slots behind; flappers alternate.
    /// </summary>
    public static MonitorSnapshot Round(long n, int upstreams = Upstreams, TimeSpan? interval = null)
    {
        var at = Start + ((interval ?? RoundInterval) * n);
        var head = 100 + n;
        var flapping = (int)(upstreams * FlappingShare);
        var rows = new UpstreamStatus[upstreams];
        for (var i = 0; i < upstreams; i++)
        {
            var down = i < flapping && ((n + i) % 2 == 0);
            rows[i] = down
                ? new UpstreamStatus { Definition = Definitions[i], State = UpstreamPollState.Error, LastPolledRound = n, LastPoll = at, LastError = "connection refused", ErrorsTotal = n }
                : new UpstreamStatus
                {
                    Definition = Definitions[i],
                    State = UpstreamPollState.Ok,
                    Healthy = true,
                    LastPolledRound = n,
                    LastPoll = at,
                    LastSuccess = at,
                    Latency = TimeSpan.FromMilliseconds(5 + (i % 40) + (n % 7)),
                    Chain = Chain(head),
                    LagSlots = 0,
                    Standing = ConsensusStanding.InConsensus,
                };
        }

        return new MonitorSnapshot
        {
            Version = n,
            Upstreams = rows,
            Consensus = new ConsensusView
            {
                TotalUpstreams = upstreams,
                RespondingUpstreams = upstreams - flapping / 2,
                Finalized = new CheckpointVote(head - 2, Root(head - 2), upstreams - flapping),
                Justified = new CheckpointVote(head - 1, Root(head - 1), upstreams - flapping),
                Head = new CheckpointVote(head, Root(head), upstreams - flapping),
            },
            Status = new MonitorStatus
            {
                Chain = Chain(head),
                LastUpdated = at,
                LastSuccess = at,
            },
            StaleAfter = TimeSpan.FromSeconds(30),
            LastRound = new RoundStatistics
            {
                Number = n,
                StartedAt = at - TimeSpan.FromMilliseconds(300),
                FinishedAt = at,
                Budget = TimeSpan.FromSeconds(15),
                Concurrency = 64,
                Dispatched = upstreams,
                Completed = upstreams,
                Failed = flapping / 2,
            },
        };
    }

    /// <summary>Fills <paramref name="days"/> of hourly rollups for every upstream and 24 h of rounds ending at <paramref name="end"/>.</summary>
    public static async Task FillAsync(IHistoryStore store, string instance, DateTimeOffset end, CancellationToken ct, int days = 30)
    {
        const long hourMs = 3_600_000;
        var endMs = end.ToUnixTimeMilliseconds();
        var firstHour = endMs - (endMs % hourMs) - (days * 24 * hourMs);
        for (var h = 0; h < days * 24; h++)
        {
            var hour = firstHour + (h * hourMs);
            var rows = Definitions.Select((d, i) => new UpstreamHour(d.Name, hour, 900, i < 50 ? 450 : 900, 5, 60, 900 * 20, 900)).ToArray();
            await store.WriteAsync(instance, new HistoryWriteBatch([], [], [], [], rows, [], null), ct).ConfigureAwait(false);
        }

        var rounds = (int)(TimeSpan.FromDays(1) / RoundInterval);
        var startMs = endMs - (long)TimeSpan.FromDays(1).TotalMilliseconds;
        for (var chunk = 0; chunk < rounds; chunk += 1000)
        {
            var batch = Enumerable.Range(chunk, Math.Min(1000, rounds - chunk)).Select(i =>
            {
                var head = 100L + i;
                return new RoundRecord(startMs + (i * 4000L), i, 300, 15000, Upstreams, Upstreams, 25, 0, 0, new CheckpointRecord(head - 2, Root(head - 2), 950), new CheckpointRecord(head - 1, Root(head - 1), 950), new CheckpointRecord(head, Root(head), 950), true);
            }).ToArray();
            await store.WriteAsync(instance, new HistoryWriteBatch(batch, [], [], [], [], [], null), ct).ConfigureAwait(false);
        }
    }
}
