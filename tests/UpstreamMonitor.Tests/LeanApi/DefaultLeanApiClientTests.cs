using System.Text;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UpstreamMonitor.Tests.LeanApi;

/// <summary>The client against WireMock-scripted upstreams on loopback.</summary>
public sealed class DefaultLeanApiClientTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly LeanApiTestHost _host = new();

    private UpstreamDefinition Upstream => UpstreamDefinition.Create("zeam_0", new Uri($"http://127.0.0.1:{_server.Ports[0]}"));

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Fork_choice_is_parsed_and_requested_as_json()
    {
        Serve("/lean/v0/fork_choice", 200, "application/json; charset=utf-8", ForkChoiceParserTests.Fixture("spec-shape.json"));

        var result = await _host.Client.GetForkChoiceAsync(Upstream, CancellationToken.None);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(38, result.Value.HeadSlot);
        Assert.Equal(36, result.Value.Finalized.Slot);
        Assert.Equal("application/json", Assert.Single(_server.LogEntries).RequestMessage!.Headers!["Accept"].Single());
    }

    [Fact]
    public async Task Zeam_shape_is_parsed_over_http()
    {
        Serve("/lean/v0/fork_choice", 200, "application/json", ForkChoiceParserTests.Fixture("zeam-2026-03-shape.json"));

        var result = await _host.Client.GetForkChoiceAsync(Upstream, CancellationToken.None);

        Assert.Equal(37, result.Value?.HeadSlot);
    }

    [Theory]
    [InlineData(404, "text/plain", "state not available", "HTTP 404 Not Found: \"state not available\"")]
    [InlineData(500, "text/plain; charset=utf-8", "internal error:\n  no finalized state\n", "HTTP 500 Internal Server Error: \"internal error: no finalized state\"")]
    [InlineData(500, "application/json", "{\"error\":\"no finalized state\"}", "HTTP 500 Internal Server Error: \"no finalized state\"")]
    [InlineData(503, "text/plain", "Node is booting", "HTTP 503 Service Unavailable: \"Node is booting\"")]
    [InlineData(503, "application/json", "{\"code\":503,\"message\":\"store not ready\"}", "HTTP 503 Service Unavailable: \"store not ready\"")]
    [InlineData(503, "text/html", "<html><head><title>503 Service Temporarily Unavailable</title></head><body>nginx</body></html>", "HTTP 503 Service Unavailable: \"503 Service Temporarily Unavailable\" (HTML page title)")]
    [InlineData(404, "application/octet-stream", "\u0001\u0002", "HTTP 404 Not Found")]
    public async Task Error_statuses_carry_the_code_and_a_sanitized_excerpt(int status, string contentType, string body, string expected)
    {
        Serve("/lean/v0/fork_choice", status, contentType, Encoding.UTF8.GetBytes(body));

        var result = await _host.Client.GetForkChoiceAsync(Upstream, CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(LeanApiErrorKind.HttpStatus, result.Error.Kind);
        Assert.Equal(status, result.Error.StatusCode);
        Assert.Equal(expected, result.Error.Message);
    }

    [Fact]
    public async Task Long_error_bodies_are_truncated()
    {
        Serve("/lean/v0/fork_choice", 500, "text/plain", Encoding.UTF8.GetBytes(new string('x', 5000)));

        var result = await _host.Client.GetForkChoiceAsync(Upstream, CancellationToken.None);

        Assert.Equal("HTTP 500 Internal Server Error: \"" + new string('x', LeanApiLimits.ErrorExcerptChars) + "…\"", result.Error?.Message);
    }

    [Fact]
    public async Task Redirect_is_reported_and_not_followed()
    {
        _server.Given(Request.Create().WithPath("/lean/v0/fork_choice").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", $"http://127.0.0.1:{_server.Ports[0]}/elsewhere"));
        Serve("/elsewhere", 200, "application/json", ForkChoiceParserTests.Fixture("spec-shape.json"));

        var result = await _host.Client.GetForkChoiceAsync(Upstream, CancellationToken.None);

        Assert.Equal(LeanApiErrorKind.HttpStatus, result.Error?.Kind);
        Assert.Equal($"HTTP 302 Found: redirect to http://127.0.0.1:{_server.Ports[0]}/elsewhere not followed", result.Error?.Message);
        Assert.DoesNotContain(_server.LogEntries, e => e.RequestMessage!.Path == "/elsewhere");
    }

    [Fact]
    public async Task Fork_choice_over_the_limit_is_refused()
    {
        Serve("/lean/v0/fork_choice", 200, "application/json", new byte[9 * 1024 * 1024]);

        var result = await _host.Client.GetForkChoiceAsync(Upstream, CancellationToken.None);

        Assert.Equal(LeanApiErrorKind.TooLarge, result.Error?.Kind);
        Assert.Contains("the fork choice body", result.Error?.Message, StringComparison.Ordinal);
        Assert.Contains("over the 8 MiB limit", result.Error?.Message.Replace("exceeded the", "over the", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_where_json_was_expected_is_an_invalid_body()
    {
        Serve("/lean/v0/fork_choice", 200, "text/html", "<!DOCTYPE html><html><head><title>Grafana</title></head></html>"u8.ToArray());

        var result = await _host.Client.GetForkChoiceAsync(Upstream, CancellationToken.None);

        Assert.Equal(LeanApiErrorKind.InvalidBody, result.Error?.Kind);
        Assert.Equal("invalid body: HTML where JSON was expected: \"Grafana\" (HTML page title)", result.Error?.Message);
    }

    [Fact]
    public async Task Credentials_go_as_basic_auth_and_never_into_the_error()
    {
        Serve("/lean/v0/fork_choice", 503, "text/plain", "booting"u8.ToArray());
        var upstream = UpstreamDefinition.Create("ream_0", new Uri($"http://monitor:s3cret%21@127.0.0.1:{_server.Ports[0]}/"));

        var result = await _host.Client.GetForkChoiceAsync(upstream, CancellationToken.None);

        var request = Assert.Single(_server.LogEntries).RequestMessage!;
        Assert.Equal("Basic " + Convert.ToBase64String("monitor:s3cret!"u8), request.Headers!["Authorization"].Single());
        Assert.Equal("HTTP 503 Service Unavailable: \"booting\"", result.Error?.Message);
        Assert.DoesNotContain("s3cret", request.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_echoed_by_the_node_are_masked_in_the_error()
    {
        var token = Convert.ToBase64String("monitor:s3cret!"u8);
        Serve("/lean/v0/fork_choice", 401, "text/plain", Encoding.UTF8.GetBytes($"bad credentials monitor:s3cret! (Basic {token})"));
        var upstream = UpstreamDefinition.Create("ream_0", new Uri($"http://monitor:s3cret%21@127.0.0.1:{_server.Ports[0]}/"));

        var result = await _host.Client.GetForkChoiceAsync(upstream, CancellationToken.None);

        Assert.Equal("HTTP 401 Unauthorized: \"bad credentials *** (Basic ***)\"", result.Error?.Message);
    }

    [Fact]
    public async Task Credentials_never_appear_in_connection_errors()
    {
        var upstream = UpstreamDefinition.Create("ream_0", new Uri("http://monitor:s3cret@node.invalid:5052/"));

        var result = await _host.Client.GetForkChoiceAsync(upstream, CancellationToken.None);

        Assert.Equal(LeanApiErrorKind.ConnectionFailed, result.Error?.Kind);
        Assert.DoesNotContain("s3cret", result.Error?.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("monitor", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Path_prefix_of_the_upstream_url_is_kept()
    {
        Serve("/node3/lean/v0/health", 200, "application/json", "{\"status\":\"healthy\",\"service\":\"lean-rpc-api\"}"u8.ToArray());
        var upstream = UpstreamDefinition.Create("qlean_3", new Uri($"http://127.0.0.1:{_server.Ports[0]}/node3/"));

        var result = await _host.Client.GetHealthAsync(upstream, CancellationToken.None);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("healthy", result.Value);
    }

    [Fact]
    public async Task Justified_checkpoint_and_aggregator_status_are_read_with_get()
    {
        var root = "0x" + new string('c', 64);
        Serve("/lean/v0/checkpoints/justified", 200, "application/json", Encoding.UTF8.GetBytes($"{{\"slot\":40,\"root\":\"{root}\"}}"));
        Serve("/lean/v0/admin/aggregator", 200, "application/json", "{\"is_aggregator\":true}"u8.ToArray());

        var justified = await _host.Client.GetJustifiedCheckpointAsync(Upstream, CancellationToken.None);
        var aggregator = await _host.Client.GetAggregatorStatusAsync(Upstream, CancellationToken.None);

        Assert.Equal(new Checkpoint(40, root), justified.Value);
        Assert.True(aggregator.Value);
        Assert.All(_server.LogEntries, e => Assert.Equal("GET", e.RequestMessage!.Method));
    }

    [Fact]
    public async Task State_prefix_is_read_with_the_exact_ssz_accept_header()
    {
        Serve("/lean/v0/states/finalized", 200, "application/octet-stream", SyntheticState.Create(slot: 64, totalBytes: 4096));

        var result = await _host.Client.GetFinalizedStatePrefixAsync(Upstream, CancellationToken.None);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(64, result.Value.Slot);
        Assert.Equal(60, result.Value.LatestFinalized.Slot);
        Assert.Equal("application/octet-stream", Assert.Single(_server.LogEntries).RequestMessage!.Headers!["Accept"].Single());
    }

    [Fact]
    public async Task Json_where_ssz_was_expected_is_not_ssz()
    {
        Serve("/lean/v0/states/finalized", 200, "application/json", "{\"slot\":64,\"latest_block_header\":{}}"u8.ToArray());

        var prefix = await _host.Client.GetFinalizedStatePrefixAsync(Upstream, CancellationToken.None);
        var full = await _host.Client.GetFinalizedStateAsync(Upstream, 1024 * 1024, CancellationToken.None);

        Assert.Equal(LeanApiErrorKind.NotSsz, prefix.Error?.Kind);
        Assert.Equal("not SSZ: got application/json where application/octet-stream was expected: \"{\"slot\":64,\"latest_block_header\":{}}\"", prefix.Error?.Message);
        Assert.Equal(LeanApiErrorKind.NotSsz, full.Error?.Kind);
    }

    [Fact]
    public async Task Full_state_within_the_limit_is_returned_whole()
    {
        var state = SyntheticState.Create(slot: 64, totalBytes: 300_000);
        Serve("/lean/v0/states/finalized", 200, "application/octet-stream", state);

        var result = await _host.Client.GetFinalizedStateAsync(Upstream, 1024 * 1024, CancellationToken.None);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(state, result.Value);
    }

    [Fact]
    public async Task Full_state_over_the_limit_is_refused()
    {
        Serve("/lean/v0/states/finalized", 200, "application/octet-stream", SyntheticState.Create(slot: 64, totalBytes: 2 * 1024 * 1024));

        var result = await _host.Client.GetFinalizedStateAsync(Upstream, 1024 * 1024, CancellationToken.None);

        Assert.Equal(LeanApiErrorKind.TooLarge, result.Error?.Kind);
        Assert.Contains("the finalized state", result.Error?.Message, StringComparison.Ordinal);
        Assert.Contains("1 MiB limit", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_finalized_block_is_an_http_status()
    {
        Serve("/lean/v0/blocks/finalized", 404, "text/plain", "Not Found"u8.ToArray());

        var result = await _host.Client.GetFinalizedBlockAsync(Upstream, 1024 * 1024, CancellationToken.None);

        Assert.Equal("HTTP 404 Not Found: \"Not Found\"", result.Error?.Message);
    }

    private void Serve(string path, int status, string contentType, byte[] body) =>
        _server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
}
