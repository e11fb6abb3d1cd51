using UpstreamMonitor.Benchmarks.Load;

namespace UpstreamMonitor.Tests.Benchmarks;

public sealed class CrossingSearchTests
{
    [Fact]
    public async Task From_a_first_rate_under_the_target_it_doubles_until_over_then_bisects_between_the_two()
    {
        var measured = new List<int>();

        var crossing = await CrossingSearch.FindAsync(new CrossingProbe(2_000, Over: false), floor: 100, ceiling: 32_000, bisections: 2, rate =>
        {
            measured.Add(rate);
            return Task.FromResult(rate >= 5_000);
        });

        Assert.Equal([4_000, 8_000, 6_000, 5_000], measured);
        Assert.Equal(4_000, crossing.LastUnder);
        Assert.Equal(5_000, crossing.FirstOver);
        Assert.Equal(5, crossing.Probes.Count);
    }

    [Fact]
    public async Task From_a_first_rate_already_over_the_target_it_goes_down_until_under()
    {
        var measured = new List<int>();

        var crossing = await CrossingSearch.FindAsync(new CrossingProbe(2_000, Over: true), floor: 100, ceiling: 32_000, bisections: 1, rate =>
        {
            measured.Add(rate);
            return Task.FromResult(rate > 700);
        });

        Assert.Equal([1_000, 500, 750], measured);
        Assert.Equal(500, crossing.LastUnder);
        Assert.Equal(750, crossing.FirstOver);
    }

    [Fact]
    public async Task A_side_never_reached_within_the_bounds_stays_unknown()
    {
        var under = await CrossingSearch.FindAsync(new CrossingProbe(200, Over: false), floor: 100, ceiling: 800, bisections: 3, _ => Task.FromResult(false));
        var over = await CrossingSearch.FindAsync(new CrossingProbe(200, Over: true), floor: 100, ceiling: 800, bisections: 3, _ => Task.FromResult(true));

        Assert.Equal((800, (int?)null), (under.LastUnder, under.FirstOver));
        Assert.Equal([200, 400, 800], under.Probes.Select(p => p.Rate));
        Assert.Equal(((int?)null, 100), (over.LastUnder, over.FirstOver));
    }
}
