using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Tests.Benchmarks;

public class IdealRoundTests
{
    [Theory]
    [InlineData(64, 16, 4)]
    [InlineData(64, 64, 1)]
    [InlineData(64, 256, 1)]
    [InlineData(256, 16, 16)]
    [InlineData(1000, 64, 16)]
    [InlineData(1000, 256, 4)]
    [InlineData(1000, 16, 63)]
    [InlineData(0, 16, 0)]
    public void Batches_is_the_ceiling_of_n_over_c(int upstreams, int capacity, int expected)
    {
        Assert.Equal(expected, IdealRound.Batches(upstreams, capacity));
    }

    [Fact]
    public void Ideal_round_at_the_issue_target_is_sixteen_latencies()
    {
        var ideal = IdealRound.Duration(1000, 64, TimeSpan.FromMilliseconds(100));

        Assert.Equal(TimeSpan.FromMilliseconds(1600), ideal);
    }

    [Fact]
    public void Ratio_and_tolerance_compare_measured_against_ideal()
    {
        var ideal = TimeSpan.FromMilliseconds(1600);

        Assert.Equal(1.05, IdealRound.Ratio(TimeSpan.FromMilliseconds(1680), ideal), 9);
        Assert.True(IdealRound.IsWithin(TimeSpan.FromMilliseconds(1680), ideal, 0.05));
        Assert.False(IdealRound.IsWithin(TimeSpan.FromMilliseconds(1681), ideal, 0.05));
    }

    [Fact]
    public void Zero_capacity_or_ideal_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IdealRound.Batches(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdealRound.Ratio(TimeSpan.FromSeconds(1), TimeSpan.Zero));
    }
}
