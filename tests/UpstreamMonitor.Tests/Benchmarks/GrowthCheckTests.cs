using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Tests.Benchmarks;

public class GrowthCheckTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Small_moves_are_noise_and_steady_growth_is_not()
    {
        var checks = GrowthCheck.ForFootprints(
            firstThreads: 30, lastThreads: 33,
            firstFds: 1040, lastFds: 1050,
            firstHeap: 40 * MiB, lastHeap: 43 * MiB,
            firstRss: 200 * MiB, lastRss: 215 * MiB);

        Assert.All(checks, c => Assert.True(c.WithinNoise, c.Resource));
    }

    [Fact]
    public void A_leak_in_any_resource_is_flagged_by_name()
    {
        var checks = GrowthCheck.ForFootprints(
            firstThreads: 30, lastThreads: 35,
            firstFds: 1040, lastFds: 1100,
            firstHeap: 40 * MiB, lastHeap: 60 * MiB,
            firstRss: 200 * MiB, lastRss: 260 * MiB);

        Assert.Equal(
            ["threads", "open file descriptors", "managed heap (after full GC)", "RSS"],
            checks.Where(c => !c.WithinNoise).Select(c => c.Resource));
    }

    [Fact]
    public void The_allowed_band_is_the_larger_of_absolute_and_relative()
    {
        Assert.Equal(8, GrowthCheck.Of("fds", first: 100, last: 100, absolute: 8, relative: 0.02).Allowed);
        Assert.Equal(20, GrowthCheck.Of("fds", first: 1000, last: 1000, absolute: 8, relative: 0.02).Allowed, 9);
        Assert.True(GrowthCheck.Of("rss", first: 100, last: 50, absolute: 0, relative: 0).WithinNoise);
    }
}
