using System.Text.Json;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Alerts;
using UpstreamMonitor.Tests.Http.Alerts;

namespace UpstreamMonitor.Tests.Http;

/// <summary>Finality moving back (decision 0903) as /status, /metrics and /api/alerts show it.</summary>
public sealed class FinalityRegressionEndpointTests
{
    [Fact]
    public async Task Status_says_whether_finality_moved_back_and_from_which_slot()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var at = factory.Time.GetUtcNow();
        await factory.PublishAsync(TestSnapshots.Devnet(1, at, finalized: 40));
        using var before = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));

        await factory.PublishAsync(Regressed(TestSnapshots.Devnet(2, at, finalized: 36), fromSlot: 40, regressions: 1));
        using var after = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));

        Assert.False(before.RootElement.GetProperty("finality_regressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.RootElement.GetProperty("finality_regressed_from_slot").ValueKind);
        Assert.True(after.RootElement.GetProperty("finality_regressed").GetBoolean());
        Assert.Equal(40, after.RootElement.GetProperty("finality_regressed_from_slot").GetInt64());

        // The majority's real view is what /status reports as finalized, not the slot it moved back from.
        Assert.Equal(36, after.RootElement.GetProperty("finalized_slot").GetInt64());
        Assert.Equal(TestSnapshots.Root(36), after.RootElement.GetProperty("finalized_root").GetString());
    }

    [Fact]
    public async Task The_regressions_counter_counts_the_rounds_that_moved_finality_back()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var at = factory.Time.GetUtcNow();

        await factory.PublishAsync(TestSnapshots.Devnet(1, at, finalized: 40));
        var none = await MetricLinesAsync(client);
        await factory.PublishAsync(Regressed(TestSnapshots.Devnet(2, at, finalized: 36), fromSlot: 40, regressions: 1));
        await factory.PublishAsync(Regressed(TestSnapshots.Devnet(3, at, finalized: 32), fromSlot: 40, regressions: 2));
        var two = await MetricLinesAsync(client);

        Assert.Contains("upstream_monitor_finality_regressions_total 0", none);
        Assert.Contains("upstream_monitor_finality_regressions_total 2", two);
        Assert.Contains("# TYPE upstream_monitor_finality_regressions_total counter", two);
    }

    [Fact]
    public async Task The_finality_regressed_alert_is_listed_while_flagged_and_gone_once_finality_is_back()
    {
        await using var host = new AlertsWebHost();
        using var client = host.CreateClient();
        host.Store.Publish(TestSnapshots.Devnet(1, host.Time.GetUtcNow(), finalized: 40));
        host.Store.Publish(Regressed(TestSnapshots.Devnet(2, host.Time.GetUtcNow(), finalized: 36), fromSlot: 40, regressions: 1));

        await Eventually.TrueAsync(() => host.Alerts.Current.Any(a => a.Key == "finality_regressed"), "the regression alert to become active");
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/alerts", UriKind.Relative)));
        var alert = Assert.Single(json.RootElement.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "finality_regressed");
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
        Assert.Equal(36, alert.GetProperty("slot").GetInt64());
        Assert.Equal(40, alert.GetProperty("majority_slot").GetInt64());

        host.Store.Publish(TestSnapshots.Devnet(3, host.Time.GetUtcNow(), finalized: 40));
        await Eventually.TrueAsync(() => host.Alerts.Current.All(a => a.Key != "finality_regressed"), "the regression alert to resolve");
    }

    /// <summary>What the tracker publishes after finality moved back from <paramref name="fromSlot"/>.</summary>
    private static MonitorSnapshot Regressed(MonitorSnapshot snapshot, long fromSlot, long regressions) => snapshot with
    {
        Status = snapshot.Status with
        {
            FinalityRegressions = regressions,
            Regression = new FinalityRegression(
                fromSlot, TestSnapshots.Root((int)fromSlot), snapshot.Status.Chain.Finalized.Slot!.Value, snapshot.Status.Chain.Finalized.Root!, snapshot.Status.LastUpdated!.Value, snapshot.Status.LastUpdated!.Value),
        },
    };

    private static async Task<string[]> MetricLinesAsync(HttpClient client) =>
        (await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
}
