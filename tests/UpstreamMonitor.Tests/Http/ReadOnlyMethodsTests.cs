using System.Net;

namespace UpstreamMonitor.Tests.Http;

public sealed class ReadOnlyMethodsTests : IClassFixture<MonitorWebFactory>
{
    private readonly MonitorWebFactory _factory;

    public ReadOnlyMethodsTests(MonitorWebFactory factory) => _factory = factory;

    public static TheoryData<string, string> WritesToEveryRoute()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "POST", "PUT", "DELETE", "PATCH" })
        {
            foreach (var path in new[] { "/status", "/api/upstreams", "/api/events", "/healthz", "/readyz", "/metrics", "/lean/v0/states/finalized", "/lean/v0/admin/aggregator", "/openapi/v1.json", "/nowhere" })
            {
                data.Add(method, path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WritesToEveryRoute))]
    public async Task Any_method_but_get_and_head_is_405(string method, string path)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new StringContent("{}"),
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task The_dashboards_signalr_endpoint_is_exempt()
    {
        using var client = _factory.CreateClient();

        using var response = await client.PostAsync(new Uri("/_blazor/negotiate?negotiateVersion=1", UriKind.Relative), null);

        Assert.NotEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
