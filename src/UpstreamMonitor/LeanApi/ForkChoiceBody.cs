namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The raw <c>fork_choice</c> body a poll received, kept so <c>/api/upstreams/{name}/fork_choice</c> can serve it
/// without contacting the node. <see cref="Json"/> is empty when the body was over
/// <see cref="LeanApiLimits.KeptForkChoiceBodyBytes"/> (then only its size is kept).
/// </summary>
/// <param name="Json">The bytes exactly as the node sent them (one exact-size array, replaced each poll).</param>
/// <param name="Length">The body's size in bytes, kept or not.</param>
public sealed record ForkChoiceBody(ReadOnlyMemory<byte> Json, int Length)
{
    public bool IsKept => Json.Length == Length;

    /// <summary>Copies a pooled body out (or only notes its size when it is over the keep limit).</summary>
    internal static ForkChoiceBody From(ReadOnlySpan<byte> body) =>
        body.Length <= LeanApiLimits.KeptForkChoiceBodyBytes ? new ForkChoiceBody(body.ToArray(), body.Length) : new ForkChoiceBody(ReadOnlyMemory<byte>.Empty, body.Length);
}
