using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Benchmarks.Rigs;

/// <summary>How a hung node fails.</summary>
internal enum HangKind
{
    /// <summary>Accepts the TCP connection and never answers.</summary>
    AcceptAndHang,

    /// <summary>Its accept queue is full, so the connect itself never completes.</summary>
    FullAcceptQueue,
}

/// <summary>The simulated devnet a scenario needs.</summary>
internal sealed record DevnetSpec(int Nodes, TimeSpan Latency)
{
    public long StateBytes { get; init; } = 1024 * 1024;

    public int Hung { get; init; }

    public HangKind HangKind { get; init; } = HangKind.AcceptAndHang;

    public TimeSpan SlotDuration { get; init; } = TimeSpan.FromSeconds(4);
}

/// <summary>A running simulated devnet on 127.0.0.1 with its traffic counters.</summary>
internal sealed class DevnetRig : IAsyncDisposable
{
    private DevnetRig(IReadOnlyList<UpstreamDefinition> upstreams, IReadOnlySet<string> hung)
    {
        Upstreams = upstreams;
        HungNames = hung;
    }

    public IReadOnlyList<UpstreamDefinition> Upstreams { get; }

    /// <summary>Names of the nodes that never answer.</summary>
    public IReadOnlySet<string> HungNames { get; }

    /// <summary>Response bytes every node has sent since the last <see cref="ResetCounters"/>.</summary>
    public long BytesSent => Upstreams.Count == 0 ? throw Missing() : 0;

    public long Requests => Upstreams.Count == 0 ? throw Missing() : 0;

    /// <summary>The most requests in progress at once across all nodes since the last reset.</summary>
    public int PeakConcurrentRequests => Upstreams.Count == 0 ? throw Missing() : 0;

    public static Task<DevnetRig> StartAsync(DevnetSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = new DevnetRig([], new HashSet<string>());
        throw Missing();
    }

    public void ResetCounters()
    {
        if (Upstreams.Count == 0)
        {
            throw Missing();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Driver.ComponentMissingException Missing() =>
        new("the simulated devnet (UpstreamMonitor.Simulator.SimulatedDevnet) has not landed in this build.");
}
