using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Strategies;

/// <summary>
/// Baseline for the transfer scenario: leanpoint's approach, downloading the whole finalized state from every upstream
/// every round to learn its finalized slot. Bounded to <paramref name="concurrency"/> requests at a time, like leanpoint's pool.
/// </summary>
internal sealed class FullStateFetcher(ILeanApiClient client, int concurrency, long maxStateBytes) : IPollStrategy
{
    public string Name => "full state every round (leanpoint)";

    public async Task<StrategyRound> RunRoundAsync(IReadOnlyList<UpstreamDefinition> upstreams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        int ok = 0, failed = 0;
        await Parallel.ForEachAsync(
            upstreams,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (upstream, ct) =>
            {
                var result = await client.GetFinalizedStateAsync(upstream, maxStateBytes, ct).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }).ConfigureAwait(false);
        return new StrategyRound(ok, failed);
    }
}
