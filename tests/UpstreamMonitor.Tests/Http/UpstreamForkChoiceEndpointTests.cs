using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Faults;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UpstreamMonitor.Tests.Http;

/// <summary><c>/api/upstreams/{name}/fork_choice</c>: the polled body from the snapshot, never a request to the node.</summary>
public sealed class UpstreamForkChoiceEndpointTests
{
    [Fact]
    public async Task Serves_the_body_the_poll_received_byte_for_byte_and_never_contacts_the_node()
    {
        // Spaced and ordered unlike anything the monitor would write: only the node's own bytes can match.
        var served = Encoding.UTF8.GetBytes(ForkChoiceBodies.Valid().Replace(",", ", ", StringComparison.Ordinal));
        using var node = WireMockServer.Start();
        node.Given(Request.Create().WithPath("/lean/v0/fork_choice").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(served));
        node.Given(Request.Create().WithPath("/lean/v0/admin/aggregator").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"is_aggregator\":false}"));
        var upstreams = Path.Combine(Path.GetTempPath(), $"fork-choice-route-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(upstreams, $"{{\"upstreams\":[{{\"name\":\"zeam_0\",\"url\":\"http://127.0.0.1:{node.Ports[0]}\"}}]}}");
        using var cleanup = new TempFile(upstreams);
        await using var host = await KestrelMonitorHost.StartAsync(
            keepCheckpointSync: false, realLeanApi: true, new KeyValuePair<string, string?>("Monitor:UpstreamsConfig", upstreams));

        await host.Services.GetRequiredService<PollEngine>().RunRoundAsync(CancellationToken.None);
        var row = Assert.Single(host.Store.Current.Upstreams);
        Assert.Equal("zeam_0", row.Name);
        Assert.True(row.State == UpstreamPollState.Ok, row.LastError);
        var nodeRequests = node.LogEntries.Count;

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Client.GetAsync(new Uri($"/api/upstreams/{row.Name}/fork_choice", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(served, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("ok", Assert.Single(response.Headers.GetValues("X-Upstream-State")));
            Assert.Equal(row.ForkChoiceAt, response.Content.Headers.LastModified);
        }

        Assert.Equal(nodeRequests, node.LogEntries.Count);
    }

    [Fact]
    public async Task An_unknown_name_is_a_404_that_says_so_in_json()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        factory.Store.Publish(TestSnapshots.Devnet(1, factory.Time.GetUtcNow(), finalized: 36));

        using var response = await client.GetAsync(new Uri("/api/upstreams/nobody_9/fork_choice", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var (error, message) = await ErrorOf(response);
        Assert.Equal("unknown_upstream", error);
        Assert.Equal("no upstream named 'nobody_9' is configured", message);
    }

    [Fact]
    public async Task An_upstream_that_has_not_answered_yet_is_a_503_with_the_reason()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var pending = TestSnapshots.Unreachable("gean_0") with { State = UpstreamPollState.Pending, LastError = null };
        var failing = TestSnapshots.Unreachable("qlean_0");
        var fallback = TestSnapshots.Healthy("lantern_0", 44, 40, 36) with { FromFallback = true };
        factory.Store.Publish(TestSnapshots.Round(1, factory.Time.GetUtcNow(), pending, failing, fallback));

        var expected = new Dictionary<string, string>
        {
            ["gean_0"] = "gean_0 has not been polled yet",
            ["qlean_0"] = "qlean_0 has not answered fork_choice yet: connection refused",
            ["lantern_0"] = "lantern_0 serves no /lean/v0/fork_choice (404); it is polled through the justified checkpoint and state fallback",
        };
        foreach (var (name, reason) in expected)
        {
            using var response = await client.GetAsync(new Uri($"/api/upstreams/{name}/fork_choice", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var (error, message) = await ErrorOf(response);
            Assert.Equal("no_fork_choice", error);
            Assert.Equal(reason, message);
        }
    }

    [Fact]
    public async Task A_failing_upstream_keeps_serving_its_last_body_and_a_body_too_large_to_keep_says_so()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var body = "{\"head\":\"0x01\"}"u8.ToArray();
        var failing = TestSnapshots.Unreachable("qlean_0") with { ForkChoiceBody = new ForkChoiceBody(body, body.Length), ForkChoiceAt = TestSnapshots.Start };
        var huge = TestSnapshots.Healthy("zeam_0", 44, 40, 36) with { ForkChoiceBody = new ForkChoiceBody(ReadOnlyMemory<byte>.Empty, 3 * 1024 * 1024) };
        factory.Store.Publish(TestSnapshots.Round(1, factory.Time.GetUtcNow(), failing, huge));

        using (var response = await client.GetAsync(new Uri("/api/upstreams/qlean_0/fork_choice", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("error", Assert.Single(response.Headers.GetValues("X-Upstream-State")));
            Assert.Equal(TestSnapshots.Start, response.Content.Headers.LastModified);
        }

        using (var response = await client.GetAsync(new Uri("/api/upstreams/zeam_0/fork_choice", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var (error, message) = await ErrorOf(response);
            Assert.Equal("fork_choice_not_kept", error);
            Assert.Equal("zeam_0's last fork-choice body was 3145728 bytes, over the 1 MiB the monitor keeps per upstream", message);
        }
    }

    [Fact]
    public void The_client_keeps_one_exact_copy_of_a_body_up_to_the_limit_and_only_the_size_of_a_larger_one()
    {
        var small = new byte[300];
        small[0] = (byte)'{';
        var kept = ForkChoiceBody.From(small);
        Assert.True(kept.IsKept);
        Assert.Equal(small, kept.Json.ToArray());
        Assert.True(MemoryMarshalArrayLength(kept.Json) == 300);

        var large = ForkChoiceBody.From(new byte[LeanApiLimits.KeptForkChoiceBodyBytes + 1]);
        Assert.False(large.IsKept);
        Assert.True(large.Json.IsEmpty);
        Assert.Equal(LeanApiLimits.KeptForkChoiceBodyBytes + 1, large.Length);
    }

    [Fact]
    public void Keeping_a_body_costs_one_array_of_its_size_and_a_small_record()
    {
        var body = File.ReadAllBytes(UpstreamMonitor.Tests.Configuration.RepositoryFiles.ForkChoiceFixture("spec-shape.json"));
        ForkChoiceBody.From(body);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var kept = ForkChoiceBody.From(body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(kept.IsKept);

        // The array (its length plus a 24-byte header) and the 40-byte record; nothing per request, nothing per round beyond it.
        Assert.InRange(allocated, body.Length, body.Length + 96);
    }

    private static int MemoryMarshalArrayLength(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment) ? segment.Array!.Length : -1;

    private static async Task<(string? Error, string? Message)> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("error").GetString(), json.RootElement.GetProperty("message").GetString());
    }

    private sealed class TempFile(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
