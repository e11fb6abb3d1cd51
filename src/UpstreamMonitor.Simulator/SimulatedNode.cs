namespace UpstreamMonitor.Simulator;

/// <summary>One simulated lean node: its name, client, address and current persona.</summary>
public sealed class SimulatedNode
{
    private readonly long[] _flakyCounters = new long[LeanRoutes.Count];
    private int _persona;
    private long _extraLatencyTicks;
    private volatile bool _servesForkChoiceETag;

    internal SimulatedNode(int index, Persona persona, bool isAggregator)
    {
        Index = index;
        Name = NodeNames.NameOf(index);
        Client = NodeNames.ClientOf(index);
        IsAggregator = isAggregator;
        _persona = (int)persona;
    }

    /// <summary>Position in <see cref="SimulatedDevnet.Nodes"/>.</summary>
    public int Index { get; }

    /// <summary>lean-quickstart style name, e.g. <c>zeam_0</c>.</summary>
    public string Name { get; }

    /// <summary>The client the name claims (<c>zeam</c>, <c>ream</c>, …); some per-client quirks follow it.</summary>
    public string Client { get; }

    /// <summary>What <c>GET /lean/v0/admin/aggregator</c> answers.</summary>
    public bool IsAggregator { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl { get; internal set; } = null!;

    public int Port => BaseUrl.Port;

    public Persona Persona
    {
        get => (Persona)Volatile.Read(ref _persona);
        internal set => Volatile.Write(ref _persona, (int)value);
    }

    /// <summary>Delay added to every response of this node, on top of the devnet's latency (see <see cref="SimulatedDevnet.SetLatency(string, TimeSpan)"/>).</summary>
    public TimeSpan ExtraLatency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _extraLatencyTicks));
        internal set => Interlocked.Exchange(ref _extraLatencyTicks, value.Ticks);
    }

    /// <summary>Whether its fork choice carries an ETag and a matching <c>If-None-Match</c> gets 304 (<see cref="SimulatedDevnetOptions.ForkChoiceETags"/>).</summary>
    public bool ServesForkChoiceETag
    {
        get => _servesForkChoiceETag;
        internal set => _servesForkChoiceETag = value;
    }

    /// <summary>Whether this client serves <c>/lean/v0/blocks/finalized</c>; not every client does (404 otherwise).</summary>
    public bool ServesFinalizedBlock => Client is not ("qlean" or "gean");

    /// <summary>ream answers states as JSON unless Accept is exactly <c>application/octet-stream</c>.</summary>
    internal bool StrictStateAccept => Client == "ream";

    /// <summary>ethlambda serves identity, syncing and genesis; ream its version; the others 404 (lean-api.md).</summary>
    internal bool ServesIdentity => Client == "ethlambda" || Persona == Persona.OtherNetwork;

    internal bool ServesVersion => Client == "ream";

    internal bool ServesSyncing => Client == "ethlambda";

    internal bool ServesGenesis => Client == "ethlambda" || Persona == Persona.OtherNetwork;

    /// <summary>The version string this node reports: its client and a simulator build.</summary>
    internal string Version => $"{Client}/v0.4.2-sim+{Index:x4}";

    /// <summary>Flaky nodes fail every second request to each route.</summary>
    internal bool NextFlakyRequestFails(LeanRoute route) => Interlocked.Increment(ref _flakyCounters[(int)route]) % 2 == 0;

    public override string ToString() => $"{Name} ({Persona}) {BaseUrl}";
}
