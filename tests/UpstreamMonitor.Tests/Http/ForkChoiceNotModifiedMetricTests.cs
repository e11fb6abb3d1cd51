using System.Net;

namespace UpstreamMonitor.Tests.Http;

/// <summary>The per-upstream counter of fork-choice polls answered 304 (decision 1230), beside leanpoint's names.</summary>
public sealed class ForkChoiceNotModifiedMetricTests
{
    [Fact]
    public async Task Each_upstream_counts_its_304_answers_and_a_removed_upstream_loses_its_series()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var at = factory.Time.GetUtcNow();
        await factory.PublishAsync(TestSnapshots.Round(
            1,
            at,
            TestSnapshots.Healthy("zeam_0", 44, 40, 36, round: 1) with { ForkChoiceNotModifiedTotal = 3 },
            TestSnapshots.Healthy("ream_0", 44, 40, 36, round: 1)));

        var first = await ScrapeAsync(client);
        Assert.Contains("upstream_monitor_upstream_fork_choice_not_modified_total{upstream=\"zeam_0\",client=\"zeam\"} 3", first);
        Assert.Contains("upstream_monitor_upstream_fork_choice_not_modified_total{upstream=\"ream_0\",client=\"ream\"} 0", first);
        Assert.Contains("leanpoint_finalized_slot 36", first);

        await factory.PublishAsync(TestSnapshots.Round(
            2,
            at,
            TestSnapshots.Healthy("zeam_0", 45, 40, 36, round: 2) with { ForkChoiceNotModifiedTotal = 5 }));

        var second = await ScrapeAsync(client);
        Assert.Contains("upstream_monitor_upstream_fork_choice_not_modified_total{upstream=\"zeam_0\",client=\"zeam\"} 5", second);
        Assert.DoesNotContain(second, l => l.StartsWith("upstream_monitor_upstream_fork_choice_not_modified_total{upstream=\"ream_0\"", StringComparison.Ordinal));
    }

    private static async Task<string[]> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split('\n');
    }
}
