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

/// <summary>The simulated devnet a scenario needs: every node healthy except <see cref="Hung"/>, spread evenly.</summary>
internal sealed record DevnetSpec(int Nodes, TimeSpan Latency)
{
    public long StateBytes { get; init; } = 1024 * 1024;

    public int Hung { get; init; }

    public HangKind HangKind { get; init; } = HangKind.AcceptAndHang;

    public TimeSpan SlotDuration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Indices of the hung nodes, spread over the list so they land in different gate batches.</summary>
    public IReadOnlySet<int> HungIndices() =>
        Enumerable.Range(0, Math.Min(Hung, Nodes)).Select(k => (int)((long)k * Nodes / Math.Max(1, Hung))).ToHashSet();
}

/// <summary>What the devnet's nodes served since the last reset, counted on the server side.</summary>
internal sealed record DevnetTrafficReading(
    long Requests,
    long BytesSent,
    long StateRequests,
    long StateBytes,
    int PeakInFlightRequests,
    int PeakOpenConnections);

/// <summary>A running simulated devnet on 127.0.0.1 with its traffic counters.</summary>
internal sealed class DevnetRig : IAsyncDisposable
{
    private readonly DevnetTrafficReading _zero = new(0, 0, 0, 0, 0, 0);

    private DevnetRig(IReadOnlyList<UpstreamDefinition> upstreams, IReadOnlySet<string> hung)
    {
        Upstreams = upstreams;
        HungNames = hung;
    }

    public IReadOnlyList<UpstreamDefinition> Upstreams { get; }

    /// <summary>Names of the nodes that never answer.</summary>
    public IReadOnlySet<string> HungNames { get; }

    public static Task<DevnetRig> StartAsync(DevnetSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = new DevnetRig([], new HashSet<string>());
        throw new Driver.ComponentMissingException("the simulated devnet (UpstreamMonitor.Simulator.SimulatedDevnet) has not landed in this build.");
    }

    public DevnetTrafficReading Read() => _zero;

    public void ResetCounters() => _ = _zero;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
