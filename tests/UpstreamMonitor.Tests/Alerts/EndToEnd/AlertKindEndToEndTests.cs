using System.Text.Json;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Alerts.EndToEnd;

/// <summary>
/// One incident per alert kind, from the simulated devnet through the real host's poller and detector to a webhook
/// receiver: the firing body names the right kind, severity and upstreams, and the resolved body follows the recovery.
/// </summary>
public sealed class AlertKindEndToEndTests
{
    [Fact]
    public async Task Finality_stall_fires_finality_stalled_and_resolves_when_it_advances()
    {
        await using var run = await DevnetUnderMonitor.StartAsync();
        await WaitForHealthyRoundsAsync(run);
        run.Devnet.Chain.StallFinalization();

        var firing = await run.Receiver.WaitForAsync("finality_stalled", "firing");
        AssertAlert(firing, "critical", "finalized");
        run.Devnet.Chain.Resume();
        await AssertResolvedAsync(run, firing);
    }

    [Fact]
    public async Task Justification_stall_fires_justification_stalled_and_resolves_when_it_advances()
    {
        await using var run = await DevnetUnderMonitor.StartAsync();
        await WaitForHealthyRoundsAsync(run);
        run.Devnet.Chain.StallJustification();

        var firing = await run.Receiver.WaitForAsync("justification_stalled", "firing");
        AssertAlert(firing, "warning", "justified");
        run.Devnet.Chain.Resume();
        await AssertResolvedAsync(run, firing);
    }

    [Fact]
    public async Task Head_stall_fires_head_stalled_and_resolves_when_blocks_resume()
    {
        await using var run = await DevnetUnderMonitor.StartAsync();
        await WaitForHealthyRoundsAsync(run);
        run.Devnet.Chain.StallHead();

        var firing = await run.Receiver.WaitForAsync("head_stalled", "firing");
        AssertAlert(firing, "critical", "head");
        run.Devnet.Chain.Resume();
        await AssertResolvedAsync(run, firing);
    }

    [Fact]
    public async Task Two_of_three_nodes_failing_fires_consensus_lost_and_resolves_with_a_majority_again()
    {
        await using var run = await DevnetUnderMonitor.StartAsync();
        await WaitForHealthyRoundsAsync(run);
        run.Devnet.SetPersona("ream_0", Persona.Failing);
        run.Devnet.SetPersona("qlean_0", Persona.Failing);

        var firing = await run.Receiver.WaitForAsync("consensus_lost", "firing");
        Assert.Equal("critical", firing.GetProperty("alert").GetProperty("severity").GetString());
        run.Devnet.SetPersona("ream_0", Persona.Healthy);
        run.Devnet.SetPersona("qlean_0", Persona.Healthy);
        await AssertResolvedAsync(run, firing);
    }

    [Fact]
    public async Task A_node_on_a_minority_fork_fires_fork_detected_naming_it_and_resolves_when_it_rejoins()
    {
        await using var run = await DevnetUnderMonitor.StartAsync();
        await WaitForHealthyRoundsAsync(run);
        run.Devnet.SetPersona("qlean_0", Persona.MinorityFork);

        var firing = await run.Receiver.WaitForAsync("fork_detected", "firing");
        var alert = firing.GetProperty("alert");
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
        Assert.Equal(["qlean_0"], Upstreams(alert));
        Assert.NotEqual(alert.GetProperty("root").GetString(), alert.GetProperty("majority_root").GetString());
        run.Devnet.SetPersona("qlean_0", Persona.Healthy);
        await AssertResolvedAsync(run, firing);
    }

    [Fact]
    public async Task A_failing_node_fires_upstream_down_and_resolves_after_it_answers_again()
    {
        await using var run = await DevnetUnderMonitor.StartAsync(keepHistory: true);
        await WaitForHealthyRoundsAsync(run);
        run.Devnet.SetPersona("qlean_0", Persona.Failing);

        var firing = await run.Receiver.WaitForAsync("upstream_down", "firing");
        var alert = firing.GetProperty("alert");
        Assert.Equal("upstream_down/qlean_0", alert.GetProperty("key").GetString());
        Assert.Equal("warning", alert.GetProperty("severity").GetString());
        Assert.Equal(["qlean_0"], Upstreams(alert));
        run.Devnet.SetPersona("qlean_0", Persona.Healthy);
        await AssertResolvedAsync(run, firing);

        // The history keeps both moments, and the /history timeline shows them beside qlean_0's state changes.
        using var http = new HttpClient { BaseAddress = run.MonitorUrl };
        var kept = await HistoryAlertsAsync(http, "upstream_down", 2);
        Assert.Equal(["fired", "resolved"], kept.Select(a => a.GetProperty("transition").GetString()));
        Assert.All(kept, a => Assert.Equal(alert.GetProperty("id").GetString(), a.GetProperty("id").GetString()));
        Assert.All(kept, a => Assert.Equal(["qlean_0"], Upstreams(a)));
        var page = await http.GetStringAsync(new Uri("history?range=1h", UriKind.Relative));
        Assert.Contains("upstream down fired", page, StringComparison.Ordinal);
        Assert.Contains("upstream down resolved", page, StringComparison.Ordinal);
        Assert.Contains("href=\"upstreams/qlean_0\"", page, StringComparison.Ordinal);
    }

    /// <summary>Polls <c>/api/history/alerts</c> until <paramref name="count"/> rows of the kind are written (the writer batches per round).</summary>
    private static async Task<JsonElement[]> HistoryAlertsAsync(HttpClient http, string kind, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var body = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/history/alerts?kind=" + kind, UriKind.Relative), deadline.Token));
            var rows = body.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.Clone()).ToArray();
            if (rows.Length >= count)
            {
                return rows;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }

    [Fact]
    public async Task A_node_trailing_the_head_fires_upstream_lagging_and_resolves_when_it_catches_up()
    {
        await using var run = await DevnetUnderMonitor.StartAsync(laggardLagSlots: 6);
        await WaitForHealthyRoundsAsync(run);
        run.Devnet.SetPersona("qlean_0", Persona.Laggard);

        var firing = await run.Receiver.WaitForAsync("upstream_lagging", "firing");
        var alert = firing.GetProperty("alert");
        Assert.Equal("upstream_lagging/qlean_0", alert.GetProperty("key").GetString());
        Assert.Equal(["qlean_0"], Upstreams(alert));
        run.Devnet.SetPersona("qlean_0", Persona.Healthy);
        await AssertResolvedAsync(run, firing);
    }

    [Fact]
    public async Task Finality_moving_back_fires_finality_regressed_and_resolves_when_it_passes_the_old_slot()
    {
        await using var run = await DevnetUnderMonitor.StartAsync();
        await WaitForHealthyRoundsAsync(run);
        run.Devnet.Chain.RegressFinalization(3);

        var firing = await run.Receiver.WaitForAsync("finality_regressed", "firing");
        var alert = firing.GetProperty("alert");
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
        Assert.Equal("finalized", alert.GetProperty("checkpoint").GetString());
        run.Devnet.Chain.Resume();
        await AssertResolvedAsync(run, firing);
    }

    /// <summary>A few polls of the healthy devnet first, so the detector has a baseline and nothing has fired yet.</summary>
    private static async Task WaitForHealthyRoundsAsync(DevnetUnderMonitor run)
    {
        var start = run.Devnet.Traffic.Total.Requests;
        await Eventually.TrueAsync(() => run.Devnet.Traffic.Total.Requests >= start + 12, "four polls of the healthy devnet");
        Assert.Empty(run.Receiver.Bodies());
    }

    private static void AssertAlert(JsonElement body, string severity, string checkpoint)
    {
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("firing", body.GetProperty("reason").GetString());
        var alert = body.GetProperty("alert");
        Assert.Equal(severity, alert.GetProperty("severity").GetString());
        Assert.Equal(checkpoint, alert.GetProperty("checkpoint").GetString());
        Assert.True(alert.GetProperty("slot").GetInt64() > 0);
        Assert.StartsWith("0x", alert.GetProperty("root").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("resolved_at").ValueKind);
    }

    private static async Task AssertResolvedAsync(DevnetUnderMonitor run, JsonElement firing)
    {
        var id = firing.GetProperty("alert").GetProperty("id").GetString();
        var kind = firing.GetProperty("alert").GetProperty("kind").GetString()!;
        var resolved = await run.Receiver.WaitForAsync(kind, "resolved", a => a.GetProperty("id").GetString() == id);
        Assert.Equal("resolved", resolved.GetProperty("reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, resolved.GetProperty("alert").GetProperty("resolved_at").ValueKind);
    }

    private static string[] Upstreams(JsonElement alert) =>
        [.. alert.GetProperty("upstreams").EnumerateArray().Select(u => u.GetString()!)];
}
