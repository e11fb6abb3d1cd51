using UpstreamMonitor.Simulator;
using UpstreamMonitor.Upstreams;

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

    /// <summary>Every node tags its fork choice with an ETag and answers a matching If-None-Match with 304.</summary>
    public bool ForkChoiceETags { get; init; }

    /// <summary>Latency of the optional node routes (identity, version, syncing, genesis); null: <see cref="Latency"/>.</summary>
    public TimeSpan? NodeInfoLatency { get; init; }

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

/// <summary>A running <see cref="SimulatedDevnet"/> on 127.0.0.1 with its traffic counters.</summary>
internal sealed class DevnetRig : IAsyncDisposable
{
    private readonly SimulatedDevnet _devnet;

    private DevnetRig(SimulatedDevnet devnet, IReadOnlySet<string> hung)
    {
        _devnet = devnet;
        HungNames = hung;
        Upstreams = [.. devnet.Nodes.Select(n => UpstreamDefinition.Create(n.Name, n.BaseUrl))];
    }

    public IReadOnlyList<UpstreamDefinition> Upstreams { get; }

    /// <summary>Names of the nodes that never answer.</summary>
    public IReadOnlySet<string> HungNames { get; }

    public static async Task<DevnetRig> StartAsync(DevnetSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hung = spec.HungIndices();
        var hangPersona = spec.HangKind == HangKind.AcceptAndHang ? Persona.Hung : Persona.FullAcceptQueue;
        var layout = Enumerable.Range(0, spec.Nodes).Select(i => hung.Contains(i) ? hangPersona : Persona.Healthy).ToArray();
        var devnet = await SimulatedDevnet.StartAsync(
            new SimulatedDevnetOptions
            {
                NodeCount = spec.Nodes,
                ResponseLatency = spec.Latency,
                NodeInfoLatency = spec.NodeInfoLatency,
                StateSizeBytes = spec.StateBytes,
                SlotDuration = spec.SlotDuration,
                PersonaLayout = layout,
                UseDefaultPersonaMix = false,
                ForkChoiceETags = spec.ForkChoiceETags,
            },
            cancellationToken).ConfigureAwait(false);
        return new DevnetRig(devnet, devnet.Nodes.Where(n => hung.Contains(n.Index)).Select(n => n.Name).ToHashSet());
    }

    public DevnetTrafficReading Read()
    {
        var traffic = _devnet.Traffic;
        var total = traffic.Total;
        var state = traffic[LeanRoute.FinalizedState];
        return new DevnetTrafficReading(
            total.Requests, total.BytesWritten, state.Requests, state.BytesWritten, traffic.PeakInFlightRequests, traffic.PeakOpenConnections);
    }

    /// <summary>What each node bore since the last reset, in node order.</summary>
    public IReadOnlyList<NodeCost> NodeCosts() => [.. _devnet.Nodes.Select(_devnet.Traffic.CostOf)];

    /// <summary>Requests per route since the last reset.</summary>
    public RouteTraffic RouteTraffic(LeanRoute route) => _devnet.Traffic[route];

    /// <summary>Zeroes the counters and lowers the peaks to what is in flight now (between phases of a scenario).</summary>
    public void ResetCounters() => _devnet.Traffic.Reset();

    public ValueTask DisposeAsync() => _devnet.DisposeAsync();
}
