using System.Globalization;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Scale;

/// <summary>
/// A devnet of more nodes than one process can serve: the first <see cref="SimulatedDevnetOptions.MaxNodeCount"/> in
/// the driver (a <see cref="DevnetRig"/>), the rest in simulator processes of their own. One process holds a listening
/// socket and an accepted connection per node, so 10,000 nodes would need 20,000 descriptors against a hard limit of
/// 20,000 here; split, each process stays near 10,000.
/// </summary>
internal sealed class ScaleDevnet : IAsyncDisposable
{
    private readonly DevnetRig _local;
    private readonly List<SimulatorProcess> _remote;

    private ScaleDevnet(DevnetRig local, List<SimulatorProcess> remote, IReadOnlyList<UpstreamDefinition> upstreams)
    {
        _local = local;
        _remote = remote;
        Upstreams = upstreams;
    }

    /// <summary>Every node as an upstream: one distinct 127.0.0.1 port each, names unique across the processes.</summary>
    public IReadOnlyList<UpstreamDefinition> Upstreams { get; }

    /// <summary>Processes serving the nodes, the driver included.</summary>
    public int Processes => 1 + _remote.Count;

    public static Task<ScaleDevnet> StartAsync(int nodes, TimeSpan latency, TextWriter log, CancellationToken cancellationToken) =>
        StartAsync(nodes, SimulatedDevnetOptions.MaxNodeCount, latency, log, cancellationToken);

    /// <summary>As above with at most <paramref name="perProcess"/> nodes in each process (tests split small devnets).</summary>
    internal static async Task<ScaleDevnet> StartAsync(int nodes, int perProcess, TimeSpan latency, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perProcess);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perProcess, SimulatedDevnetOptions.MaxNodeCount);
        var localCount = Math.Min(nodes, perProcess);
        var remote = new List<SimulatorProcess>();
        DevnetRig? local = null;
        try
        {
            local = await DevnetRig.StartAsync(new DevnetSpec(localCount, latency), cancellationToken).ConfigureAwait(false);
            var upstreams = new List<UpstreamDefinition>(local.Upstreams);
            for (var start = localCount; start < nodes; start += perProcess)
            {
                var count = Math.Min(perProcess, nodes - start);
                var process = await SimulatorProcess.StartAsync(count, latency, log, cancellationToken).ConfigureAwait(false);
                remote.Add(process);

                // Every simulator names its nodes zeam_0, ream_0, …; a suffix keeps them unique and the client prefix intact.
                var suffix = string.Create(CultureInfo.InvariantCulture, $"_p{remote.Count}");
                upstreams.AddRange(process.Upstreams.Select(u => UpstreamDefinition.Create(u.Name + suffix, u.Url)));
            }

            return new ScaleDevnet(local, remote, upstreams);
        }
        catch
        {
            foreach (var process in remote)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }

            if (local is not null)
            {
                await local.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _remote)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        await _local.DisposeAsync().ConfigureAwait(false);
    }
}
