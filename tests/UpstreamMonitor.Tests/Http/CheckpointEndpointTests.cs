using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Tests.CheckpointSync;

namespace UpstreamMonitor.Tests.Http;

public sealed class CheckpointEndpointTests
{
    private static readonly Uri StateUri = new("/lean/v0/states/finalized", UriKind.Relative);
    private static readonly Uri BlockUri = new("/lean/v0/blocks/finalized", UriKind.Relative);

    [Fact]
    public async Task State_is_503_no_finalized_state_before_the_first_state_is_cached()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        factory.Store.Publish(TestSnapshots.Devnet(1, factory.Time.GetUtcNow(), finalized: 36));

        using var response = await client.GetAsync(StateUri);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no_finalized_state\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task State_is_served_byte_for_byte_with_length_etag_and_cache_control()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var state = SszStates.State(36, length: 70_000);
        Cache(factory, 36, state);

        using var response = await client.GetAsync(StateUri);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(state.Length, response.Content.Headers.ContentLength);
        Assert.Equal(state, body);
        Assert.Equal($"\"{TestSnapshots.Root(36)}\"", response.Headers.ETag?.Tag);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task State_is_304_on_a_matching_if_none_match_and_200_on_another()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        Cache(factory, 36, SszStates.State(36));

        using var matching = new HttpRequestMessage(HttpMethod.Get, StateUri);
        matching.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{TestSnapshots.Root(36)}\""));
        using var notModified = await client.SendAsync(matching);
        using var other = new HttpRequestMessage(HttpMethod.Get, StateUri);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{TestSnapshots.Root(32)}\""));
        using var modified = await client.SendAsync(other);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{TestSnapshots.Root(36)}\"", notModified.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
    }

    [Fact]
    public async Task Head_on_the_state_gives_its_length_without_the_body()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var state = SszStates.State(36, length: 4096);
        Cache(factory, 36, state);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, StateUri));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(state.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_head_of_the_state_is_not_counted_as_a_served_state_and_a_get_is()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var state = SszStates.State(36, length: 4096);
        Cache(factory, 36, state);

        using (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, StateUri)))
        {
        }

        var afterHead = (await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
        using (await client.GetAsync(StateUri))
        {
        }

        var afterGet = (await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');

        Assert.Contains("upstream_monitor_checkpoint_state_requests_total{code=\"200\"} 0", afterHead);
        Assert.Contains("upstream_monitor_checkpoint_state_served_bytes_total 0", afterHead);
        Assert.Contains("upstream_monitor_checkpoint_state_requests_total{code=\"200\"} 1", afterGet);
        Assert.Contains($"upstream_monitor_checkpoint_state_served_bytes_total {state.Length}", afterGet);
    }

    [Fact]
    public async Task Status_and_upstreams_show_the_serving_checkpoint_next_to_the_consensus_finalized_one()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        using var before = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));
        Cache(factory, 36, SszStates.State(36));

        using var status = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));
        using var upstreams = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/upstreams", UriKind.Relative)));

        Assert.Equal(JsonValueKind.Null, before.RootElement.GetProperty("serving_checkpoint").ValueKind);
        foreach (var serving in new[] { status.RootElement.GetProperty("serving_checkpoint"), upstreams.RootElement.GetProperty("serving_checkpoint") })
        {
            Assert.Equal(36, serving.GetProperty("slot").GetInt64());
            Assert.Equal(TestSnapshots.Root(36), serving.GetProperty("root").GetString());
            Assert.Equal("ream_0", serving.GetProperty("upstream").GetString());
            Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeMilliseconds(), serving.GetProperty("verified_at_ms").GetInt64());
            Assert.False(serving.GetProperty("has_block").GetBoolean());
        }

        Assert.Equal(36, status.RootElement.GetProperty("finalized_slot").GetInt64());
    }

    [Fact]
    public async Task State_is_503_stale_when_the_monitor_is_stale_although_a_state_is_cached()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        Cache(factory, 36, SszStates.State(36));
        factory.Time.Advance(TimeSpan.FromSeconds(45));

        using var response = await client.GetAsync(StateUri);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("stale\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Block_is_404_when_no_majority_node_served_it_and_200_when_one_did()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        Cache(factory, 36, SszStates.State(36));
        using var missing = await client.GetAsync(BlockUri);

        var block = SszStates.Block(36);
        var at = factory.Time.GetUtcNow();
        factory.StateCache.Store(
            new CachedCheckpointArtifact(36, TestSnapshots.Root(36), SszStates.State(36), "ream_0", at),
            new CachedCheckpointArtifact(36, TestSnapshots.Root(36), block, "ream_0", at));
        using var served = await client.GetAsync(BlockUri);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("no_finalized_block\n", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/octet-stream", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(block, await served.Content.ReadAsByteArrayAsync());
        Assert.NotNull(served.Headers.ETag);
    }

    [Fact]
    public async Task Lean_health_and_justified_checkpoint_answer_in_the_lean_api_shape()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        factory.Store.Publish(TestSnapshots.Devnet(1, factory.Time.GetUtcNow(), finalized: 36));

        using var health = await client.GetAsync(new Uri("/lean/v0/health", UriKind.Relative));
        using var justified = await client.GetAsync(new Uri("/lean/v0/checkpoints/justified", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"healthy","service":"lean-rpc-api"}""", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, justified.StatusCode);
        using var json = JsonDocument.Parse(await justified.Content.ReadAsStringAsync());
        Assert.Equal(40, json.RootElement.GetProperty("slot").GetInt64());
        Assert.Equal(TestSnapshots.Root(40), json.RootElement.GetProperty("root").GetString());
    }

    [Fact]
    public async Task Justified_checkpoint_is_503_before_any_consensus()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/lean/v0/checkpoints/justified", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static void Cache(MonitorWebFactory factory, long slot, byte[] state)
    {
        var at = factory.Time.GetUtcNow();
        factory.Store.Publish(TestSnapshots.Devnet(1, at, finalized: slot));
        factory.StateCache.Store(new CachedCheckpointArtifact(slot, TestSnapshots.Root((int)slot), state, "ream_0", at), null);
    }
}
