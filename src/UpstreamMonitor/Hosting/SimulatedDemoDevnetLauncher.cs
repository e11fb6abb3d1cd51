using UpstreamMonitor.Simulator;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// <c>--demo N</c>: starts the simulated devnet with its default persona mix (a few faulty nodes, a robust healthy
/// majority, one zeam-shaped body) and hands its nodes to the monitor as ordinary upstreams.
/// </summary>
internal sealed class SimulatedDemoDevnetLauncher : IDemoDevnetLauncher
{
    public async Task<DemoDevnetHandle> StartAsync(int nodes, TimeSpan slotDuration, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var devnet = await SimulatedDevnet.StartAsync(
            new SimulatedDevnetOptions
            {
                NodeCount = nodes,
                SlotDuration = slotDuration,
                TimeProvider = timeProvider,
            },
            cancellationToken);
        var upstreams = devnet.Nodes
            .Select(node => UpstreamDefinition.Create(node.Name, new Uri(SimulatedDevnet.UpstreamUrl(node))))
            .ToArray();
        return new DemoDevnetHandle(upstreams, devnet);
    }
}
