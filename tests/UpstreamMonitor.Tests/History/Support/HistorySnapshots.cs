using UpstreamMonitor.History;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.History.Support;

/// <summary>Snapshots and batches for the history tests, built on the shared <see cref="TestSnapshots"/>.</summary>
internal static class HistorySnapshots
{
    public static readonly DateTimeOffset Start = TestSnapshots.Start;

    /// <summary>Round <paramref name="n"/> at Start + n × 4 s on a 3-node devnet finalizing at slot 10 + n.</summary>
    public static MonitorSnapshot Devnet(long n) => TestSnapshots.Devnet(n, At(n), 10 + n, head: 18 + n);

    public static DateTimeOffset At(long n) => Start + TimeSpan.FromSeconds(4 * n);

    /// <summary>Records of a run of rounds, folded into one write batch the way the writer folds them.</summary>
    public static HistoryWriteBatch Batch(IEnumerable<MonitorSnapshot> snapshots)
    {
        var aggregator = new HistoryAggregator();
        MonitorSnapshot? previous = null;
        foreach (var snapshot in snapshots)
        {
            aggregator.Add(HistoryRecorder.Record(previous, snapshot));
            previous = snapshot;
        }

        return aggregator.TakeAll();
    }

    public static RoundRecord RoundAt(long atMs, long round, long finalized) => new(
        atMs, round, 250, 15000, 3, 3, 0, 0, 0,
        new CheckpointRecord(finalized, TestSnapshots.Root((int)finalized), 3),
        new CheckpointRecord(finalized + 4, TestSnapshots.Root((int)finalized + 4), 3),
        new CheckpointRecord(finalized + 8, TestSnapshots.Root((int)finalized + 8), 3),
        true);

    public static HistoryWriteBatch Rounds(params RoundRecord[] rounds) => new(rounds, [], [], [], [], [], null);

    public static async Task Until(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException("Condition not reached: " + what);
            }

            await Task.Delay(5);
        }
    }
}
