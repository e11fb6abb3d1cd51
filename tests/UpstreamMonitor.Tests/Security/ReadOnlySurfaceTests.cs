using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Tests.Faults;

namespace UpstreamMonitor.Tests.Security;

/// <summary>The surface is read-only, bounded, and never a way to make the monitor contact anything.</summary>
public sealed class ReadOnlySurfaceTests(MonitorHostFixture host) : IClassFixture<MonitorHostFixture>
{
    public static IEnumerable<object[]> WritesToRoutes() =>
        from method in new[] { "POST", "PUT", "DELETE", "PATCH" }
        from path in new[] { "/", "/status", "/api/upstreams", "/api/events", "/metrics", "/healthz", "/readyz", "/lean/v0/states/finalized", "/lean/v0/health", "/openapi/v1.json" }
        select new object[] { method, path };

    [Theory]
    [MemberData(nameof(WritesToRoutes))]
    public async Task Every_method_but_GET_and_HEAD_gets_405(string method, string path)
    {
        using var http = new HttpClient { BaseAddress = host.Monitor.BaseUrl };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("HEAD", response.Content.Headers.Allow);
    }

    [Fact]
    public void Request_sizes_are_bounded_tighter_than_kestrel_defaults()
    {
        var limits = host.Monitor.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        var defaults = new KestrelServerLimits();

        Assert.NotNull(limits.MaxRequestBodySize);
        Assert.InRange(limits.MaxRequestBodySize!.Value, 1, 1024 * 1024);
        Assert.InRange(limits.MaxRequestLineSize, 1, defaults.MaxRequestLineSize);
        Assert.InRange(limits.MaxRequestHeadersTotalSize, 1, defaults.MaxRequestHeadersTotalSize);
        Assert.InRange(limits.MaxRequestHeaderCount, 1, defaults.MaxRequestHeaderCount);
    }

    [Fact]
    public async Task No_route_makes_the_monitor_contact_an_address_it_was_handed()
    {
        await using var canary = LoopbackFaultServer.Start(FaultBehaviors.Json(ForkChoiceBodies.Valid()));
        var bait = Uri.EscapeDataString(canary.BaseUrl.AbsoluteUri);
        var routes = host.Monitor.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'))
            .Where(p => !p.StartsWith("/_blazor", StringComparison.Ordinal) && !p.StartsWith("/_framework", StringComparison.Ordinal))
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p, @"\{[^}]+\}", bait))
            .Distinct()
            .ToList();
        Assert.Contains("/status", routes);
        Assert.Contains("/lean/v0/states/finalized", routes);

        using var http = new HttpClient { BaseAddress = host.Monitor.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        foreach (var route in routes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{route}?url={bait}&upstream={bait}&lean_url={bait}&checkpoint_sync_url={bait}");
            request.Headers.Referrer = canary.BaseUrl;
            request.Headers.Add("X-Forwarded-Host", $"127.0.0.1:{canary.Port}");
            request.Headers.Add("Forwarded", $"host=127.0.0.1:{canary.Port}");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        // A full poll interval would pass long before any outbound request made on a caller's behalf could be missed.
        await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);
        Assert.Equal(0, canary.ConnectionsAccepted);
    }
}
