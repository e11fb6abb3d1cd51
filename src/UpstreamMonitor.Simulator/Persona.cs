namespace UpstreamMonitor.Simulator;

/// <summary>How a simulated node behaves towards its callers. Switchable at runtime except where noted.</summary>
public enum Persona
{
    /// <summary>Follows the canonical chain and answers every route (spec body shape).</summary>
    Healthy,

    /// <summary>Canonical chain, but head, justified and finalized trail the devnet by a few slots.</summary>
    Laggard,

    /// <summary>Same slots as everyone, different roots from the devnet's fork slot on.</summary>
    MinorityFork,

    /// <summary>Healthy, but every other request to a route gets 503.</summary>
    Flaky,

    /// <summary>503 on every route except <c>/lean/v0/health</c>, like a node with no store yet.</summary>
    Booting,

    /// <summary>Accepts the connection and the request, then never answers until the caller gives up.</summary>
    Hung,

    /// <summary>
    /// A raw listening socket whose tiny accept queue is pre-filled and never drained, so <c>connect</c> itself hangs.
    /// Listener-level, so it can only be assigned at start (through <see cref="SimulatedDevnetOptions.PersonaLayout"/>).
    /// </summary>
    FullAcceptQueue,

    /// <summary>Healthy, but serves the March-2026 zeam fork-choice body shape.</summary>
    ZeamShape,

    /// <summary>Healthy, but every response is delayed by <see cref="SimulatedDevnetOptions.SlowLatency"/> on top of the devnet latency.</summary>
    Slow,

    /// <summary>500 with a JSON error body on every route, health included.</summary>
    Failing,

    /// <summary>200 with an HTML page on every route: a proxy or a wrong port answering instead of a lean node.</summary>
    Garbage,

    /// <summary>Healthy, but its finalized state is valid SSZ of another root than its finalized block's state_root.</summary>
    WrongStateRoot,

    /// <summary>Healthy, but its finalized state body stops halfway (Content-Length says half the state).</summary>
    TruncatedState,

    /// <summary>Healthy, but serves the finalized block with the state of the slot after it: a pair from different slots.</summary>
    MismatchedPair,

    /// <summary>
    /// A node of another network (a reset devnet, a wrong port): its own roots from the fork slot on, and it serves
    /// <c>/lean/v0/genesis</c> with a genesis time one day later than the devnet's, whatever its client.
    /// </summary>
    OtherNetwork,
}
