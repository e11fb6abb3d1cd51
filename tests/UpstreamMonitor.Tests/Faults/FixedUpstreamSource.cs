using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>A fixed upstream list, so a fault test controls exactly what the poller sees.</summary>
internal sealed class FixedUpstreamSource(IReadOnlyList<UpstreamDefinition> upstreams) : IUpstreamSource
{
    private readonly UpstreamSet _set = new(upstreams, "fault test");

    public ValueTask<UpstreamSet> GetCurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_set);
}
