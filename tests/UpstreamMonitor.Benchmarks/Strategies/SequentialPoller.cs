using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Strategies;

/// <summary>Baseline: one upstream after another, as HealthChecks.UI polls its endpoints. Round time grows as N × L.</summary>
internal sealed class SequentialPoller(ILeanApiClient client) : IPollStrategy
{
    public string Name => "sequential";

    public async Task<StrategyRound> RunRoundAsync(IReadOnlyList<UpstreamDefinition> upstreams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        int ok = 0, failed = 0;
        foreach (var upstream in upstreams)
        {
            var result = await client.GetForkChoiceAsync(upstream, cancellationToken).ConfigureAwait(false);
            _ = result.IsSuccess ? ok++ : failed++;
        }

        return new StrategyRound(ok, failed);
    }
}
