using System.Net;
using System.Text.Json;

namespace UpstreamMonitor.Tests.Http;

public sealed class OpenApiTests : IClassFixture<MonitorWebFactory>
{
    private readonly MonitorWebFactory _factory;

    public OpenApiTests(MonitorWebFactory factory) => _factory = factory;

    [Fact]
    public async Task The_document_describes_every_json_route_with_snake_case_schemas()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var paths = json.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/status", "/api/upstreams", "/api/events", "/healthz", "/readyz", "/lean/v0/states/finalized", "/lean/v0/blocks/finalized", "/lean/v0/health", "/lean/v0/checkpoints/justified" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"missing {path}");
            Assert.True(item.TryGetProperty("get", out _), $"{path} has no GET");
        }

        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas");
        var status = schemas.GetProperty("StatusResponse").GetProperty("properties");
        Assert.Equal(
            ["justified_slot", "finalized_slot", "last_updated_ms", "last_success_ms", "stale", "error_count", "last_error", "head_slot", "head_root", "justified_root", "finalized_root", "serving_checkpoint", "finality_regressed", "finality_regressed_from_slot"],
            status.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.True(schemas.GetProperty("UpstreamResponse").GetProperty("properties").TryGetProperty("lag_slots", out _));
        Assert.True(schemas.GetProperty("ConsensusResponse").GetProperty("properties").TryGetProperty("consensus_threshold", out _));
    }

    [Fact]
    public async Task The_document_describes_the_cached_fork_choice_route_its_name_parameter_and_its_errors()
    {
        using var client = _factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/upstreams/{name}/fork_choice", out var route), string.Join(", ", paths.EnumerateObject().Select(p => p.Name)));
        var get = route.GetProperty("get");
        var parameter = Assert.Single(get.GetProperty("parameters").EnumerateArray());
        Assert.Equal("name", parameter.GetProperty("name").GetString());
        Assert.Equal("path", parameter.GetProperty("in").GetString());
        Assert.Equal(["200", "404", "503"], get.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("never forwarded to the node", get.GetProperty("description").GetString(), StringComparison.Ordinal);
        var error = json.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("ApiErrorResponse").GetProperty("properties");
        Assert.Equal(["error", "message"], error.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task The_document_states_the_version_that_version_prints()
    {
        using var client = _factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var version = json.RootElement.GetProperty("info").GetProperty("version").GetString();
        Assert.Equal($"UpstreamMonitor {version}", UpstreamMonitor.Hosting.MonitorUsage.VersionLine);
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
    }
}
