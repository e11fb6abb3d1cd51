using System.Net;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.CheckpointSync;

namespace UpstreamMonitor.Tests.Http;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_says_no_consensus_before_the_first_round()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();

        var (status, body, type) = await GetAsync(client, "/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("no_consensus", body);
        Assert.Equal("text/plain", type);
    }

    [Fact]
    public async Task Healthz_says_no_upstreams_when_a_round_ran_without_any()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        factory.Store.Publish(TestSnapshots.Round(1, factory.Time.GetUtcNow()));

        var (status, body, _) = await GetAsync(client, "/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("no_upstreams", body);
    }

    [Fact]
    public async Task Healthz_is_ok_with_fresh_consensus_then_stale_after_the_threshold()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        factory.Store.Publish(TestSnapshots.Devnet(1, factory.Time.GetUtcNow(), finalized: 12));

        var ok = await GetAsync(client, "/healthz");
        factory.Time.Advance(TimeSpan.FromSeconds(30.001));
        var stale = await GetAsync(client, "/healthz");

        Assert.Equal((HttpStatusCode.OK, "ok"), (ok.Status, ok.Body));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "stale"), (stale.Status, stale.Body));
    }

    [Fact]
    public async Task Readyz_needs_a_cached_state_and_a_fresh_consensus()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        factory.Store.Publish(TestSnapshots.Devnet(1, factory.Time.GetUtcNow(), finalized: 12));

        var before = await GetAsync(client, "/readyz");
        factory.StateCache.Store(new CachedCheckpointArtifact(12, TestSnapshots.Root(12), SszStates.State(12), "zeam_0", factory.Time.GetUtcNow()), null);
        var ready = await GetAsync(client, "/readyz");
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var stale = await GetAsync(client, "/readyz");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "no_finalized_state"), (before.Status, before.Body));
        Assert.Equal((HttpStatusCode.OK, "ready"), (ready.Status, ready.Body));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "stale"), (stale.Status, stale.Body));
    }

    [Fact]
    public void A_round_without_majority_inside_the_stale_window_stays_healthy()
    {
        var at = TestSnapshots.Start;
        var good = TestSnapshots.Devnet(1, at, finalized: 12);
        var split = TestSnapshots.Round(
            2,
            at.AddSeconds(10),
            TestSnapshots.Healthy("zeam_0", 20, 16, 12, 2),
            TestSnapshots.Healthy("ream_0", 20, 16, 16, 2),
            TestSnapshots.Unreachable("qlean_0", 2));
        var published = split with { Status = split.Status with { LastSuccess = good.Status.LastSuccess, Chain = split.Status.Chain with { Finalized = new UpstreamMonitor.LeanApi.ObservedCheckpoint(12, null) } } };

        Assert.False(published.Consensus.HasConsensus);
        Assert.Null(UpstreamMonitor.Http.Health.HealthEndpoints.Problem(published, at.AddSeconds(10)));
        Assert.Equal("stale", UpstreamMonitor.Http.Health.HealthEndpoints.Problem(published, at.AddSeconds(31)));
    }

    private static async Task<(HttpStatusCode Status, string Body, string? Type)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd('\n'), response.Content.Headers.ContentType?.MediaType);
    }
}
