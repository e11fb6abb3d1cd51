using UpstreamMonitor.Hosting;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Hosting;

/// <summary>A demo devnet that starts nothing: its upstreams point at a closed loopback port. Records how it was used.</summary>
internal sealed class FakeDemoDevnetLauncher : IDemoDevnetLauncher
{
    public int? Nodes { get; private set; }

    public TimeSpan? SlotDuration { get; private set; }

    public TimeProvider? TimeProvider { get; private set; }

    public Devnet? Started { get; private set; }

    public Task<DemoDevnetHandle> StartAsync(int nodes, TimeSpan slotDuration, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Nodes = nodes;
        SlotDuration = slotDuration;
        TimeProvider = timeProvider;
        Started = new Devnet();
        var upstreams = Enumerable.Range(0, nodes)
            .Select(i => UpstreamDefinition.Create($"sim_{i}", new Uri($"http://127.0.0.1:{9 + i}/")))
            .ToList();
        return Task.FromResult(new DemoDevnetHandle(upstreams, Started));
    }

    internal sealed class Devnet : IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
