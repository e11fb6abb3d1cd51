using UpstreamMonitor.Configuration;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Polling;

public sealed class RoundBudgetTests
{
    [Theory]
    [InlineData(64, 16, 5_000, 16, 4, 45_000)]   // leanpoint's devnet: 4 batches × 10 s + 5 s of drain
    [InlineData(64, 64, 5_000, 64, 1, 15_000)]
    [InlineData(65, 64, 5_000, 64, 2, 25_000)]
    [InlineData(1_000, 64, 100, 64, 16, 3_300)]  // the benchmark shape
    [InlineData(3, 64, 1_000, 3, 1, 3_000)]      // capacity never exceeds the upstream count
    [InlineData(10, 3, 100, 3, 4, 900)]
    [InlineData(0, 64, 1_000, 1, 0, 1_000)]      // nothing to poll: capacity 1, no batches, one timeout
    public void Budget_is_batches_times_two_timeouts_plus_one(int upstreams, int concurrency, int timeoutMs, int capacity, int batches, int roundMs)
    {
        var budget = new RoundBudget(upstreams, concurrency, TimeSpan.FromMilliseconds(timeoutMs));

        Assert.Equal(capacity, budget.Capacity);
        Assert.Equal(batches, budget.Batches);
        Assert.Equal(TimeSpan.FromMilliseconds(2 * timeoutMs), budget.JobBudget);
        Assert.Equal(TimeSpan.FromMilliseconds(roundMs), budget.Round);
    }

    [Theory]
    [InlineData(0, 100, 64)]     // 0 means the default
    [InlineData(1_000, 1_000, 256)] // clamped to 256
    [InlineData(8, 100, 8)]
    public void Options_give_the_capacity(int configured, int upstreams, int capacity)
    {
        var options = new PollingOptions { PollConcurrency = configured, TimeoutMs = 200 };

        var budget = RoundBudget.For(options, upstreams);

        Assert.Equal(capacity, budget.Capacity);
        Assert.Equal(TimeSpan.FromMilliseconds(400), budget.JobBudget);
    }
}
