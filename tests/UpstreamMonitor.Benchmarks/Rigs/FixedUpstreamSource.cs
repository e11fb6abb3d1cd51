using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Rigs;

/// <summary>The devnet's nodes as the monitor's upstream list: fixed for the whole run.</summary>
internal sealed class FixedUpstreamSource(IReadOnlyList<UpstreamDefinition> upstreams) : IUpstreamSource
{
    private readonly UpstreamSet _set = new(upstreams, "benchmark devnet");

    public ValueTask<UpstreamSet> GetCurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_set);
}
