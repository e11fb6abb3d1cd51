using Microsoft.Extensions.Hosting;
using UpstreamMonitor.Hosting;

namespace UpstreamMonitor.Tests.Hosting;

public sealed class AfterServerStartsTests
{
    [Fact]
    public async Task The_inner_service_starts_only_once_every_service_has_started()
    {
        var inner = new RecordingService();
        var wrapper = new AfterServerStarts(inner);

        await wrapper.StartingAsync(CancellationToken.None);
        await wrapper.StartAsync(CancellationToken.None);
        Assert.Empty(inner.Calls);

        await wrapper.StartedAsync(CancellationToken.None);
        await wrapper.StopAsync(CancellationToken.None);
        Assert.Equal(["start", "stop"], inner.Calls);
    }

    [Fact]
    public async Task A_service_that_never_started_is_not_stopped()
    {
        // Kestrel failed to bind: the host stops what it started, and the poller was never among them.
        var inner = new RecordingService();
        var wrapper = new AfterServerStarts(inner);

        await wrapper.StartAsync(CancellationToken.None);
        await wrapper.StopAsync(CancellationToken.None);

        Assert.Empty(inner.Calls);
    }

    private sealed class RecordingService : IHostedService
    {
        public List<string> Calls { get; } = [];

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Calls.Add("start");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Calls.Add("stop");
            return Task.CompletedTask;
        }
    }
}
