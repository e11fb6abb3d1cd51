using UpstreamMonitor.History;
using UpstreamMonitor.Tests.History.Support;

namespace UpstreamMonitor.Tests.History;

public sealed class HistoryAggregatorTests
{
    [Fact]
    public void Latency_is_summarised_per_minute_once_the_minute_closes()
    {
        var aggregator = new HistoryAggregator();
        // 15 rounds of 4 s fill minute 0; round 15 opens minute 1.
        for (var n = 0; n < 15; n++)
        {
            Assert.False(aggregator.Add(HistoryRecorder.Record(null, HistorySnapshots.Devnet(n))));
        }

        Assert.Empty(aggregator.TakeBatch().LatencyMinutes);
        Assert.True(aggregator.Add(HistoryRecorder.Record(null, HistorySnapshots.Devnet(15))));

        var minutes = aggregator.TakeBatch().LatencyMinutes;
        var zeam = Assert.Single(minutes, m => m.Upstream == "zeam_0");
        Assert.Equal((30.0, 30.0, 30.0, 15), (zeam.MinMs, zeam.MedianMs, zeam.MaxMs, zeam.Samples));
        Assert.Equal(HistorySnapshots.Start.ToUnixTimeMilliseconds(), zeam.MinuteMs);
    }

    [Fact]
    public void Hour_counters_are_deltas_each_flush_so_the_store_can_add_them()
    {
        var aggregator = new HistoryAggregator();
        aggregator.Add(HistoryRecorder.Record(null, HistorySnapshots.Devnet(1)));
        aggregator.Add(HistoryRecorder.Record(HistorySnapshots.Devnet(1), HistorySnapshots.Devnet(2)));
        Assert.Empty(aggregator.TakeBatch().UpstreamHours); // no minute closed yet: no per-round upserts
        var first = aggregator.TakeAll();
        aggregator.Add(HistoryRecorder.Record(HistorySnapshots.Devnet(2), HistorySnapshots.Devnet(3)));
        var second = aggregator.TakeAll();

        Assert.Equal(2, Assert.Single(first.UpstreamHours, h => h.Upstream == "ream_0").Rounds);
        Assert.Equal(1, Assert.Single(second.UpstreamHours, h => h.Upstream == "ream_0").OkRounds);
        Assert.Equal(2, Assert.Single(first.RoundHours).Rounds);
        Assert.Equal(13, Assert.Single(second.RoundHours).MaxFinalizedSlot);
        Assert.Empty(first.Rounds); // taken by the first TakeBatch
        Assert.Equal(3, second.Monitor!.Round);
    }

    [Fact]
    public void Dropping_pending_rows_bounds_memory_while_the_store_is_down()
    {
        var aggregator = new HistoryAggregator();
        for (var n = 0; n < 100; n++)
        {
            aggregator.Add(HistoryRecorder.Record(null, HistorySnapshots.Devnet(n)));
        }

        aggregator.DropPendingRows();

        Assert.Equal(0, aggregator.PendingRows);
        var batch = aggregator.TakeBatch();
        Assert.Empty(batch.Rounds);
        Assert.Empty(batch.LatencyMinutes);
    }
}
