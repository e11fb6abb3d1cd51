using UpstreamMonitor.Benchmarks.Load;

namespace UpstreamMonitor.Tests.Benchmarks;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Buckets_are_exact_below_1024_us_and_within_0_2_percent_above()
    {
        var previous = -1;
        for (long micros = 0; micros < 5_000_000; micros += micros < 4096 ? 1 : 997)
        {
            var index = LatencyHistogram.IndexOf(micros);
            Assert.True(index >= previous, $"index of {micros} µs went back");
            previous = index;
            var highest = LatencyHistogram.HighestValueOf(index);
            Assert.InRange(highest, micros, micros + Math.Max(0, (long)(micros * 0.002)));
            if (micros < 1024)
            {
                Assert.Equal(micros, highest);
            }
        }
    }

    [Fact]
    public void Percentiles_of_a_uniform_spread_land_on_their_rank()
    {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 10_000; micros++)
        {
            histogram.Record(TimeSpan.FromMicroseconds(micros));
        }

        Assert.Equal(10_000, histogram.Count);
        Assert.InRange(histogram.Percentile(50).TotalMicroseconds, 5_000, 5_010);
        Assert.InRange(histogram.Percentile(99).TotalMicroseconds, 9_900, 9_920);
        Assert.Equal(10_000, histogram.Percentile(100).TotalMicroseconds);
        Assert.Equal(TimeSpan.Zero, new LatencyHistogram().Percentile(99));
    }

    [Fact]
    public void Merging_adds_counts_and_keeps_the_larger_maximum()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(TimeSpan.FromMilliseconds(1));
        b.Record(TimeSpan.FromMilliseconds(40));
        b.Record(TimeSpan.FromMilliseconds(2));

        a.Add(b);

        Assert.Equal(3, a.Count);
        Assert.Equal(40_000, a.MaxMicros);
        Assert.InRange(a.Percentile(50).TotalMilliseconds, 2, 2.01);
    }
}
