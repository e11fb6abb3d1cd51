using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Strategies;

/// <summary>
/// Baseline: every upstream at once through <c>Task.WhenAll</c>, as YARP's active health checks do. Fastest in
/// theory, but opens N connections at the same moment and holds N responses in memory.
/// </summary>
internal sealed class UnboundedFanOutPoller(ILeanApiClient client) : IPollStrategy
{
    public string Name => "unbounded fan-out";

    public async Task<StrategyRound> RunRoundAsync(IReadOnlyList<UpstreamDefinition> upstreams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        var results = await Task.WhenAll(upstreams.Select(u => client.GetForkChoiceAsync(u, cancellationToken))).ConfigureAwait(false);
        var ok = results.Count(r => r.IsSuccess);
        return new StrategyRound(ok, results.Length - ok);
    }
}
