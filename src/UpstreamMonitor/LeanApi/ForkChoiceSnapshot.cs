namespace UpstreamMonitor.LeanApi;

/// <summary>
/// One node's answer to <c>GET /lean/v0/fork_choice</c>, reduced to what the monitor needs.
/// Both body shapes (spec, and zeam March 2026) parse to this.
/// </summary>
/// <param name="HeadRoot">The head block root.</param>
/// <param name="HeadSlot">The head's slot: read from the node in <c>nodes</c> whose root is the head (or the zeam
/// head object); null when the head root is absent from <c>nodes</c>, which is not an error.</param>
/// <param name="Justified">Latest justified checkpoint.</param>
/// <param name="Finalized">Latest finalized checkpoint.</param>
/// <param name="SafeTarget">Safe target root, when given.</param>
/// <param name="ValidatorCount">Validator count; null when the node reports <c>null</c>.</param>
/// <param name="NodeCount">How many blocks <c>nodes</c> held.</param>
/// <param name="Ancestry">The node's chain from its head back through <c>nodes</c>; null when the head is not among them.</param>
public sealed record ForkChoiceSnapshot(
    string HeadRoot,
    long? HeadSlot,
    Checkpoint Justified,
    Checkpoint Finalized,
    string? SafeTarget,
    int? ValidatorCount,
    int NodeCount,
    ChainAncestry? Ancestry = null)
{
    /// <summary>The body as received (set by the client, not the parser), for the cached fork-choice route.</summary>
    public ForkChoiceBody? Body { get; init; }

    /// <summary>
    /// The response's entity tag when it was a short valid one (<see cref="ForkChoiceETag"/>): the next request of this
    /// upstream's fork choice sends it as <c>If-None-Match</c>. Null when the node sent none.
    /// </summary>
    public string? ETag { get; init; }

    /// <summary>True when the node answered 304 Not Modified: this is the previous answer, confirmed unchanged.</summary>
    public bool NotModified { get; init; }

    /// <summary>The three checkpoints as the monitor carries them from here on.</summary>
    public ChainCheckpoints Chain => new(new ObservedCheckpoint(HeadSlot, HeadRoot), Justified, Finalized);
}
