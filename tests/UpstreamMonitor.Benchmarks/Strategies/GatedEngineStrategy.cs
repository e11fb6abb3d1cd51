using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Strategies;

/// <summary>The product: the poll engine's bounded gate with its round deadline, driven one round at a time.</summary>
internal sealed class GatedEngineStrategy(MonitorRig monitor) : IPollStrategy
{
    public string Name => "gated engine (product)";

    public async Task<StrategyRound> RunRoundAsync(IReadOnlyList<UpstreamDefinition> upstreams, CancellationToken cancellationToken)
    {
        var round = await monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);
        return new StrategyRound(round.Completed - round.Failed, round.Failed + round.Abandoned + round.Skipped);
    }
}
