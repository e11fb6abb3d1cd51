using System.Net;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

/// <summary>The simulator's ETag option: a hash of the served fork choice, 304 to a matching If-None-Match, counted.</summary>
public sealed class ForkChoiceETagPersonaTests
{
    [Fact]
    public async Task A_node_serving_etags_answers_304_to_a_matching_if_none_match_and_counts_it()
    {
        var clock = DevnetTestClient.NewClock();
        var options = DevnetTestClient.Options(2, clock, Persona.Healthy, Persona.Healthy);
        options.ForkChoiceETags = true;
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        var (node, other) = (devnet.Nodes[0], devnet.Nodes[1]);
        using var http = DevnetTestClient.NewHttpClient();

        using var full = await http.GetAsync(node, "/lean/v0/fork_choice");
        var body = await full.Content.ReadAsByteArrayAsync();
        var etag = full.Headers.ETag;
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        using var notModified = await SendAsync(http, node, etag.Tag);
        using var weakMatch = await SendAsync(http, node, "W/" + etag.Tag);
        using var mismatch = await SendAsync(http, node, "\"something-else\"");
        using var fromOther = await http.GetAsync(other, "/lean/v0/fork_choice");

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, weakMatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);

        // The tag is a hash of the body: the same view served by another node has the same tag.
        Assert.Equal(etag, fromOther.Headers.ETag);
        var cost = devnet.Traffic.CostOf(node);
        Assert.Equal(2, cost.NotModified);
        Assert.Equal(2 * body.Length, cost.ResponseBytes);
        Assert.Equal(2, devnet.Traffic.NotModifiedResponses);

        // A new slot is a new body, so the old tag no longer matches.
        clock.Advance(options.SlotDuration);
        using var moved = await SendAsync(http, node, etag.Tag);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.NotEqual(etag, moved.Headers.ETag);
    }

    [Fact]
    public async Task Without_the_option_a_node_sends_no_etag_and_ignores_if_none_match()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(1, DevnetTestClient.NewClock(), Persona.Healthy), CancellationToken.None);
        var node = devnet.Nodes[0];
        using var http = DevnetTestClient.NewHttpClient();

        using var response = await SendAsync(http, node, "*");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.Equal(0, devnet.Traffic.CostOf(node).NotModified);

        // Switched on at runtime for one node.
        devnet.SetForkChoiceETag(node.Name, serves: true);
        using var tagged = await http.GetAsync(node, "/lean/v0/fork_choice");
        Assert.NotNull(tagged.Headers.ETag);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, SimulatedNode node, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.BaseUrl, "/lean/v0/fork_choice"));
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return http.SendAsync(request);
    }
}
