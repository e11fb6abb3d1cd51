namespace UpstreamMonitor.Upstreams;

/// <summary>A fixed upstream list: inline <c>Monitor:Upstreams</c>, <c>--lean-url</c>, or the demo devnet.</summary>
public sealed class StaticUpstreamSource(UpstreamSet upstreams) : IUpstreamSource
{
    /// <summary>The fixed list.</summary>
    public UpstreamSet Upstreams { get; } = upstreams ?? throw new ArgumentNullException(nameof(upstreams));

    /// <inheritdoc/>
    public ValueTask<UpstreamSet> GetCurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Upstreams);
}
