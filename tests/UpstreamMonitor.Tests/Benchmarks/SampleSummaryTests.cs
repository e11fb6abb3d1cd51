using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Tests.Benchmarks;

public class SampleSummaryTests
{
    [Fact]
    public void Median_of_an_odd_count_is_the_middle_sample_whatever_the_order()
    {
        var summary = SampleSummary.Of([1700, 1610, 1650, 1900, 1620]);

        Assert.Equal(1650, summary.Median);
        Assert.Equal(1610, summary.Min);
        Assert.Equal(1900, summary.Max);
        Assert.Equal(5, summary.Count);
        Assert.Equal(1696, summary.Mean, 6);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_two_middle_samples()
    {
        Assert.Equal(2.5, SampleSummary.Of([4, 1, 3, 2]).Median);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(100, 50)]
    [InlineData(50, 30)]
    [InlineData(25, 20)]
    [InlineData(90, 46)]
    public void Percentile_interpolates_between_closest_ranks(double percent, double expected)
    {
        double[] ascending = [10, 20, 30, 40, 50];

        Assert.Equal(expected, SampleSummary.Percentile(ascending, percent), 9);
    }

    [Fact]
    public void A_single_sample_is_every_statistic()
    {
        var summary = SampleSummary.Of([42]);

        Assert.Equal(42, summary.Median);
        Assert.Equal(42, summary.P99);
        Assert.Equal(42, summary.Min);
    }

    [Fact]
    public void No_samples_is_an_error_not_a_zero()
    {
        Assert.Throws<ArgumentException>(() => SampleSummary.Of([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleSummary.Percentile([1.0], 101));
    }
}
