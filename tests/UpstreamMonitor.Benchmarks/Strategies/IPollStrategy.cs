using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Strategies;

/// <summary>A way to poll every upstream once. The gated engine is the product; the others are baselines kept here only.</summary>
internal interface IPollStrategy
{
    string Name { get; }

    Task<StrategyRound> RunRoundAsync(IReadOnlyList<UpstreamDefinition> upstreams, CancellationToken cancellationToken);
}

/// <summary>How many upstreams answered with a usable body in one round.</summary>
internal sealed record StrategyRound(int Succeeded, int Failed);
