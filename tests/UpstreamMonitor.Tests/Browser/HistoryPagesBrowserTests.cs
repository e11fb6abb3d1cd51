using Microsoft.Playwright;
using UpstreamMonitor.History;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Components;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Tests.History.Support;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Browser;

/// <summary>
/// The history surfaces in Chromium, against the real host reading a SQLite history written before it started (as
/// after a restart): the table's 24 h uptime strips, the finality chart and event timeline on /history, and an
/// upstream's own page reached from the timeline.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class HistoryPagesBrowserTests(BrowserFixture browser)
{
    private const long HourMs = 3_600_000;
    private const string Instance = "browser-history";

    [Fact]
    public async Task Uptime_strips_the_finality_chart_the_timeline_and_an_upstreams_page_render_from_recorded_history()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "history.db");
        var last = await RecordTenMinutesAsync(path);
        await using var host = await DashboardHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Monitor:History:Path"] = path,
            ["Monitor:History:Instance"] = Instance,
        });
        host.Store.Publish(last);
        await using var session = await browser.OpenAsync(1600, 1000);
        var page = session.Page;

        // The table: every row has its strip; zeam_0's 23 good hours and qlean_0's bad hour show as coloured segments.
        await page.GotoAsync(host.BaseUrl.ToString());
        var zeam = page.Locator("tbody tr[data-upstream='zeam_0'] td.uptime-cell");
        await Assertions.Expect(zeam.Locator(".seg")).ToHaveCountAsync(24);
        await Assertions.Expect(zeam.Locator(".seg.good")).ToHaveCountAsync(23);
        await Assertions.Expect(zeam.Locator(".share")).ToHaveTextAsync("100%");
        var qlean = page.Locator("tbody tr[data-upstream='qlean_0'] td.uptime-cell");
        await Assertions.Expect(qlean.Locator(".seg.poor")).ToHaveCountAsync(2);
        Assert.True(await zeam.Locator(".strip").IsVisibleAsync());

        // /history: the chart's finalized line and the timeline, newest first, with the alert and qlean_0's changes.
        await page.GotoAsync(new Uri(host.BaseUrl, "history?range=1h").ToString());
        var finalized = page.Locator("svg path.finalized");
        await Assertions.Expect(finalized).ToHaveCountAsync(1);
        Assert.StartsWith("M", await finalized.GetAttributeAsync("d"), StringComparison.Ordinal);
        var lines = page.Locator("[data-timeline] li");
        await Assertions.Expect(lines).ToHaveCountAsync(4);
        // Resolved one round after qlean_0 answered again (round 81 after 80).
        await Assertions.Expect(lines.Nth(0)).ToContainTextAsync("upstream down resolved");
        await Assertions.Expect(lines.Nth(1)).ToContainTextAsync("back ok");
        await Assertions.Expect(lines.Nth(2)).ToContainTextAsync("upstream down fired");
        await Assertions.Expect(lines.Nth(3)).ToContainTextAsync("connection refused");

        // From the timeline to qlean_0's own page: its lag chart and its states.
        await lines.Nth(1).Locator("a.upstream").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/upstreams/qlean_0$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("qlean_0");
        // Its first row, the error with its text, the way back (and slot rows when its lag moved).
        await Assertions.Expect(page.Locator(".timeline li.state-error").First).ToContainTextAsync("connection refused");
        Assert.True(await page.Locator(".timeline li.state-ok").CountAsync() >= 2);
        Assert.True(await page.Locator("svg").CountAsync() >= 1);
    }

    /// <summary>
    /// Ten minutes of 4 s rounds ending at the host's clock (qlean_0 down for rounds 60 to 79, with its alert), and 23
    /// earlier hours of counters (qlean_0 poor in one of them); returns the last snapshot for the dashboard.
    /// </summary>
    private static async Task<MonitorSnapshot> RecordTenMinutesAsync(string path)
    {
        var start = DashboardSnapshots.Now - TimeSpan.FromMinutes(10);
        var snapshots = Enumerable.Range(0, 150).Select(n =>
        {
            var at = start + TimeSpan.FromSeconds(4 * n);
            return n is >= 60 and < 80
                ? TestSnapshots.Round(n, at, TestSnapshots.Healthy("zeam_0", 18 + n, 14 + n, 10 + n, n), TestSnapshots.Healthy("ream_0", 18 + n, 14 + n, 10 + n, n), TestSnapshots.Unreachable("qlean_0", n))
                : TestSnapshots.Devnet(n, at, 10 + n, head: 18 + n);
        }).ToArray();
        var downAt = (start + TimeSpan.FromSeconds(4 * 62)).ToUnixTimeMilliseconds();
        var upAt = (start + TimeSpan.FromSeconds(4 * 81)).ToUnixTimeMilliseconds();
        AlertHistoryEvent Alert(long at, string transition) =>
            new(at, transition, "upstream_down/qlean_0", "upstream_down", "warning", "qlean_0 failed 3 rounds in a row", "qlean_0", null, null);

        var nowHour = DashboardSnapshots.Now.ToUnixTimeMilliseconds() - (DashboardSnapshots.Now.ToUnixTimeMilliseconds() % HourMs);
        var earlier = Enumerable.Range(2, 22)
            .SelectMany(h => new[]
            {
                new UpstreamHour("zeam_0", nowHour - (h * HourMs), 900, 900, 10, 40, 18_000, 900),
                new UpstreamHour("ream_0", nowHour - (h * HourMs), 900, 900, 10, 40, 18_000, 900),
                new UpstreamHour("qlean_0", nowHour - (h * HourMs), 900, h == 5 ? 300 : 900, 10, 40, 18_000, 900),
            })
            .ToArray();

        await using var store = new SqliteHistoryStore(path, TimeSpan.FromSeconds(5), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        await store.WriteAsync(Instance, HistorySnapshots.Batch(snapshots) with { Alerts = [Alert(downAt, AlertTransitionNames.Fired), Alert(upAt, AlertTransitionNames.Resolved)] }, CancellationToken.None);
        await store.WriteAsync(Instance, new HistoryWriteBatch([], [], [], [], earlier, [], null), CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return snapshots[^1];
    }
}
