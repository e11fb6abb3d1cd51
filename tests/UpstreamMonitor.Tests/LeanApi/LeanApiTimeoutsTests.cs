using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.LeanApi;

public sealed class LeanApiTimeoutsTests
{
    [Theory]
    [InlineData(300, 300, 1_000, 30_000)]
    [InlineData(5_000, 5_000, 1_250, 30_000)]
    [InlineData(20_000, 20_000, 5_000, 120_000)]
    public void Timeouts_derive_from_the_request_timeout(int timeoutMs, int poll, int aggregator, int download)
    {
        var options = new PollingOptions { TimeoutMs = timeoutMs };

        Assert.Equal(TimeSpan.FromMilliseconds(poll), LeanApiTimeouts.Poll(options));
        Assert.Equal(TimeSpan.FromMilliseconds(aggregator), LeanApiTimeouts.Aggregator(options));
        Assert.Equal(TimeSpan.FromMilliseconds(download), LeanApiTimeouts.Download(options));
    }
}
