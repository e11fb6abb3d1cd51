using System.Globalization;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Rigs;

/// <summary>
/// A devnet served wholly by simulator processes, none of it in the driver: the host measured in the driver then
/// shares no heap, GC or thread pool with the nodes, as with nodes on other machines.
/// </summary>
internal sealed class SimulatorFleet : IAsyncDisposable
{
    private readonly List<SimulatorProcess> _processes;

    private SimulatorFleet(List<SimulatorProcess> processes, IReadOnlyList<UpstreamDefinition> upstreams, DevnetPriority priority)
    {
        _processes = processes;
        Upstreams = upstreams;
        Priority = priority;
    }

    public IReadOnlyList<UpstreamDefinition> Upstreams { get; }

    public DevnetPriority Priority { get; }

    public IReadOnlyList<int> ProcessIds => [.. _processes.Select(p => p.ProcessId)];

    public static async Task<SimulatorFleet> StartAsync(int nodes, TimeSpan latency, DevnetPriority priority, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodes);
        var processes = new List<SimulatorProcess>();
        try
        {
            var upstreams = new List<UpstreamDefinition>(nodes);
            for (var start = 0; start < nodes; start += SimulatedDevnetOptions.MaxNodeCount)
            {
                var count = Math.Min(SimulatedDevnetOptions.MaxNodeCount, nodes - start);
                var process = await SimulatorProcess.StartAsync(count, latency, priority, log, cancellationToken).ConfigureAwait(false);
                processes.Add(process);

                // Every simulator names its nodes zeam_0, ream_0, …; a suffix keeps them unique and the client prefix intact.
                var suffix = string.Create(CultureInfo.InvariantCulture, $"_p{processes.Count}");
                upstreams.AddRange(process.Upstreams.Select(u => UpstreamDefinition.Create(u.Name + suffix, u.Url)));
            }

            return new SimulatorFleet(processes, upstreams, priority);
        }
        catch
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
