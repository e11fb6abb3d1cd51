using System.Net;
using System.Text.Json;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Http;

public sealed class StatusEndpointTests : IClassFixture<MonitorWebFactory>
{
    private static readonly string[] LeanpointFields =
        ["justified_slot", "finalized_slot", "last_updated_ms", "last_success_ms", "stale", "error_count", "last_error"];

    private readonly MonitorWebFactory _factory;

    public StatusEndpointTests(MonitorWebFactory factory) => _factory = factory;

    [Fact]
    public async Task Status_lists_leanpoints_seven_fields_first_then_head_and_roots()
    {
        using var client = _factory.CreateClient();
        _factory.Store.Publish(TestSnapshots.Devnet(1, _factory.Time.GetUtcNow(), finalized: 36));

        using var response = await client.GetAsync(new Uri("/status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal([.. LeanpointFields, "head_slot", "head_root", "justified_root", "finalized_root", "serving_checkpoint", "finality_regressed", "finality_regressed_from_slot"], names);

        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Number, root.GetProperty("justified_slot").ValueKind);
        Assert.Equal(40, root.GetProperty("justified_slot").GetInt64());
        Assert.Equal(36, root.GetProperty("finalized_slot").GetInt64());
        Assert.Equal(_factory.Time.GetUtcNow().ToUnixTimeMilliseconds(), root.GetProperty("last_updated_ms").GetInt64());
        Assert.Equal(_factory.Time.GetUtcNow().ToUnixTimeMilliseconds(), root.GetProperty("last_success_ms").GetInt64());
        Assert.Equal(JsonValueKind.False, root.GetProperty("stale").ValueKind);
        Assert.Equal(0, root.GetProperty("error_count").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("last_error").ValueKind);
        Assert.Equal(44, root.GetProperty("head_slot").GetInt64());
        Assert.Equal(TestSnapshots.Root(44), root.GetProperty("head_root").GetString());
        Assert.Equal(TestSnapshots.Root(40), root.GetProperty("justified_root").GetString());
        Assert.Equal(TestSnapshots.Root(36), root.GetProperty("finalized_root").GetString());
    }

    [Fact]
    public async Task Status_before_any_consensus_uses_leanpoints_zeroes_and_nulls_for_the_new_fields()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));

        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("finalized_slot").GetInt64());
        Assert.Equal(0, root.GetProperty("last_success_ms").GetInt64());
        Assert.Equal(0, root.GetProperty("last_updated_ms").GetInt64());
        Assert.True(root.GetProperty("stale").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("head_slot").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("finalized_root").ValueKind);
    }

    [Fact]
    public async Task Stale_follows_the_clock_between_publications()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        factory.Store.Publish(TestSnapshots.Devnet(1, factory.Time.GetUtcNow(), finalized: 8));

        var fresh = await StaleAsync(client);
        factory.Time.Advance(TimeSpan.FromSeconds(31));
        var later = await StaleAsync(client);

        Assert.False(fresh);
        Assert.True(later);
    }

    [Fact]
    public async Task Upstreams_reports_rows_consensus_and_round_with_nulls_for_unknowns()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var at = factory.Time.GetUtcNow();
        factory.Store.Publish(TestSnapshots.Round(
            5,
            at,
            TestSnapshots.Healthy("zeam_0", 44, 40, 36, round: 5, url: "http://alice:s3cret@127.0.0.1:5052/"),
            TestSnapshots.Healthy("ream_0", 41, 40, 36, round: 5),
            TestSnapshots.Healthy("qlean_0", 44, 40, 36, round: 5),
            TestSnapshots.Healthy("lantern_0", 44, 40, 36, round: 5),
            TestSnapshots.Unreachable("gean_0", round: 5)));

        using var response = await client.GetAsync(new Uri("/api/upstreams", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var upstreams = json.RootElement.GetProperty("upstreams");
        Assert.Equal(5, upstreams.GetArrayLength());

        var zeam = upstreams[0];
        Assert.Equal(
            ["name", "url", "path", "client", "healthy", "state", "last_success_ms", "last_poll_ms", "latency_ms", "error_count",
             "errors_total", "last_error", "last_justified_slot", "last_finalized_slot", "justified_root", "finalized_root",
             "head_slot", "head_root", "lag_slots", "is_aggregator", "validator_count", "in_consensus", "standing",
             "client_version", "peer_id", "syncing", "sync_distance", "genesis_time"],
            zeam.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("zeam_0", zeam.GetProperty("name").GetString());
        Assert.Equal("http://***@127.0.0.1:5052/", zeam.GetProperty("url").GetString());
        Assert.Equal("zeam", zeam.GetProperty("client").GetString());
        Assert.Equal("ok", zeam.GetProperty("state").GetString());
        Assert.Equal(12.5, zeam.GetProperty("latency_ms").GetDouble());
        Assert.Equal(36, zeam.GetProperty("last_finalized_slot").GetInt64());
        Assert.Equal(0, zeam.GetProperty("lag_slots").GetInt64());
        Assert.True(zeam.GetProperty("in_consensus").GetBoolean());
        Assert.Equal("in_consensus", zeam.GetProperty("standing").GetString());
        Assert.Equal(3, upstreams[1].GetProperty("lag_slots").GetInt64());

        var gean = upstreams[4];
        Assert.False(gean.GetProperty("healthy").GetBoolean());
        Assert.Equal("error", gean.GetProperty("state").GetString());
        Assert.Equal("connection refused", gean.GetProperty("last_error").GetString());
        Assert.Equal(7, gean.GetProperty("errors_total").GetInt64());
        foreach (var unknown in new[] { "last_success_ms", "latency_ms", "last_justified_slot", "last_finalized_slot", "justified_root", "finalized_root", "head_slot", "head_root", "lag_slots", "is_aggregator", "validator_count", "path", "client_version", "peer_id", "syncing", "sync_distance", "genesis_time" })
        {
            Assert.Equal(JsonValueKind.Null, gean.GetProperty(unknown).ValueKind);
        }

        var consensus = json.RootElement.GetProperty("consensus");
        Assert.Equal(5, consensus.GetProperty("total_upstreams").GetInt32());
        Assert.Equal(4, consensus.GetProperty("responding_upstreams").GetInt32());
        Assert.Equal(50, consensus.GetProperty("consensus_threshold").GetInt32());
        Assert.True(consensus.GetProperty("has_consensus").GetBoolean());
        Assert.Equal(36, consensus.GetProperty("finalized").GetProperty("slot").GetInt64());
        Assert.Equal(4, consensus.GetProperty("finalized").GetProperty("votes").GetInt32());
        Assert.Equal(44, consensus.GetProperty("head").GetProperty("slot").GetInt64());
        var fork = consensus.GetProperty("forks")[0];
        Assert.Equal(TestSnapshots.Root(36), fork.GetProperty("finalized_root").GetString());
        Assert.Equal(["zeam_0", "ream_0", "qlean_0", "lantern_0"], fork.GetProperty("upstreams").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray());
        Assert.Equal("in_consensus", fork.GetProperty("standing").GetString());

        Assert.Equal(JsonValueKind.Null, consensus.GetProperty("genesis_time").ValueKind);

        var round = json.RootElement.GetProperty("round");
        Assert.Equal(5, round.GetProperty("number").GetInt64());
        Assert.Equal(at.ToUnixTimeMilliseconds(), round.GetProperty("finished_ms").GetInt64());
        Assert.Equal(250, round.GetProperty("duration_ms").GetInt64());
        Assert.Equal(15_000, round.GetProperty("budget_ms").GetInt64());
        Assert.Equal(1, round.GetProperty("failed").GetInt32());
        Assert.Equal(0, round.GetProperty("in_flight").GetInt32());
    }

    [Fact]
    public async Task Upstreams_before_the_first_round_has_null_round_and_consensus_values()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/upstreams", UriKind.Relative)));

        Assert.Equal(0, json.RootElement.GetProperty("upstreams").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("round").ValueKind);
        var consensus = json.RootElement.GetProperty("consensus");
        Assert.False(consensus.GetProperty("has_consensus").GetBoolean());
        Assert.Equal(JsonValueKind.Null, consensus.GetProperty("finalized").ValueKind);
        Assert.Equal(JsonValueKind.Null, consensus.GetProperty("head").ValueKind);
    }

    [Fact]
    public async Task Head_answers_with_headers_and_no_body()
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri("/status", UriKind.Relative));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 0);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<bool> StaleAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));
        return json.RootElement.GetProperty("stale").GetBoolean();
    }
}
