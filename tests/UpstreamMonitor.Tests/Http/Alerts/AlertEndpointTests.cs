using System.Net;
using System.Text.Json;
using UpstreamMonitor.Tests.Alerts;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Http.Alerts;

public sealed class AlertEndpointTests
{
    [Fact]
    public async Task No_alerts_is_an_empty_list()
    {
        await using var host = new AlertsWebHost();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/alerts", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task An_upstream_down_for_three_rounds_is_listed_in_snake_case_and_counted_in_metrics()
    {
        await using var host = new AlertsWebHost();
        using var client = host.CreateClient();
        for (var round = 1; round <= 3; round++)
        {
            host.Store.Publish(TestSnapshots.Round(round, host.Time.GetUtcNow(),
                TestSnapshots.Healthy("zeam_0", 44, 40, 36, round), TestSnapshots.Healthy("ream_0", 44, 40, 36, round), TestSnapshots.Unreachable("qlean_0", round)));
        }

        await Eventually.TrueAsync(() => host.Alerts.Current.Count == 1, "the alert to become active");
        host.Time.Advance(TimeSpan.FromSeconds(42));

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/alerts", UriKind.Relative)));
        var alert = Assert.Single(json.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal("upstream_down", alert.GetProperty("kind").GetString());
        Assert.Equal("warning", alert.GetProperty("severity").GetString());
        Assert.Equal("qlean_0", alert.GetProperty("upstreams")[0].GetString());
        Assert.Equal(42, alert.GetProperty("age_seconds").GetInt64());
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("majority_root").ValueKind);
        Assert.Equal(TestSnapshots.Start, alert.GetProperty("first_seen").GetDateTimeOffset());

        var metrics = (await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
        Assert.Contains("upstream_monitor_alert_active{kind=\"upstream_down\",severity=\"warning\"} 1", metrics);
        Assert.Contains("upstream_monitor_alert_active{kind=\"fork_detected\",severity=\"critical\"} 0", metrics);
    }

    [Fact]
    public async Task The_route_is_read_only_and_described_in_openapi()
    {
        await using var host = new AlertsWebHost();
        using var client = host.CreateClient();

        using var post = await client.PostAsync(new Uri("/api/alerts", UriKind.Relative), new StringContent("{}"));
        var openApi = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Contains("\"/api/alerts\"", openApi, StringComparison.Ordinal);
    }
}
