using System.Globalization;
using Microsoft.Playwright;
using UpstreamMonitor.Tests.Components;

namespace UpstreamMonitor.Tests.Browser;

[Collection(BrowserTestGroup.Name)]
public sealed class DashboardPageTests(BrowserFixture browser)
{
    private static async Task WaitForCircuitAsync(IPage page) =>
        await page.WaitForSelectorAsync(".dashboard[data-live=true]", new() { State = WaitForSelectorState.Attached });

    private static Task<string?> VersionAsync(IPage page) =>
        page.GetAttributeAsync(".dashboard", "data-snapshot-version");

    [Fact]
    public async Task First_paint_is_prerendered_and_later_snapshots_are_pushed_without_a_reload()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Store.Publish(DashboardSnapshots.AllHealthy(4, version: 7, head: 120));
        await using var session = await browser.OpenAsync();
        var page = session.Page;
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        var response = await page.GotoAsync(host.BaseUrl.ToString());

        // Prerendered: the HTML itself already carries the status, before any script runs.
        var html = await response!.TextAsync();
        Assert.Contains("Operational", html, StringComparison.Ordinal);
        Assert.Contains("data-snapshot-version=\"7\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-live", html, StringComparison.Ordinal);
        await WaitForCircuitAsync(page);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        host.Store.Publish(DashboardSnapshots.AllHealthy(4, version: 8, head: 121));

        await Assertions.Expect(page.Locator(".dashboard")).ToHaveAttributeAsync("data-snapshot-version", "8");
        await Assertions.Expect(page.Locator("[data-checkpoint=head] .slot-number")).ToHaveTextAsync("121");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        Assert.Equal(1, navigations);
    }

    [Fact]
    public async Task A_thousand_upstreams_keep_the_dom_to_a_screenful_and_scrolling_reaches_the_last_row()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Store.Publish(DashboardSnapshots.Thousand());
        await using var session = await browser.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(host.BaseUrl.ToString());
        await WaitForCircuitAsync(page);

        await Assertions.Expect(page.Locator(".row-count")).ToHaveTextAsync("Showing 1000 of 1000");
        await page.WaitForSelectorAsync("tbody tr[data-upstream='node_0']");
        var rendered = await page.Locator("tbody tr[data-upstream]").CountAsync();
        Assert.InRange(rendered, 5, 100);

        await page.Locator(".scroller").EvaluateAsync("el => el.scrollTop = el.scrollHeight");

        await page.WaitForSelectorAsync("tbody tr[data-upstream='node_999']");
        Assert.InRange(await page.Locator("tbody tr[data-upstream]").CountAsync(), 5, 100);
    }

    [Fact]
    public async Task Sorting_filtering_and_pinning_work_from_the_keyboard()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Store.Publish(DashboardSnapshots.Abandoned());
        await using var session = await browser.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(host.BaseUrl.ToString());
        await WaitForCircuitAsync(page);

        await page.Locator("th button", new() { HasText = "Status" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("th", new() { HasText = "Status" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Assertions.Expect(page.Locator("tbody tr[data-upstream]").First).ToHaveAttributeAsync("data-upstream", "hung_3");

        await page.Locator("input.filter").FocusAsync();
        await page.Keyboard.TypeAsync("late");
        await Assertions.Expect(page.Locator(".row-count")).ToHaveTextAsync("Showing 2 of 7");

        await page.Locator("input.filter").FillAsync(string.Empty);
        await page.Locator(".pin input").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Locator("th button", new() { HasText = "Status" }).ClickAsync();
        await Assertions.Expect(page.Locator("th", new() { HasText = "Status" })).ToHaveAttributeAsync("aria-sort", "none");
        var order = await page.Locator("tbody tr[data-upstream]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.upstream)");
        Assert.Equal(["hung_3", "hung_4", "late_6", "zeam_0", "ream_1", "qlean_2", "late_5"], order);

        await page.Locator("select").SelectOptionAsync("Timeout");
        await Assertions.Expect(page.Locator(".row-count")).ToHaveTextAsync("Showing 2 of 7");
    }

    [Fact]
    public async Task Every_asset_comes_from_the_monitor_itself()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Store.Publish(DashboardSnapshots.Forked());
        await using var session = await browser.OpenAsync();
        var page = session.Page;
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add(request.Url);

        await page.GotoAsync(host.BaseUrl.ToString());
        await WaitForCircuitAsync(page);

        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.StartsWith(host.BaseUrl.ToString(), url, StringComparison.Ordinal));
        Assert.Contains(requests, url => url.Contains("/app.", StringComparison.Ordinal) && url.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(requests, url => url.Contains("/_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Empty(failed);
        // The stylesheet applied: the header has its border colour from app.css variables.
        await Assertions.Expect(page.Locator(".status-header")).ToHaveCSSAsync("border-left-width", "8px");
    }

    [Fact]
    public async Task Dark_theme_follows_the_system_preference()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Store.Publish(DashboardSnapshots.AllHealthy());
        await using var session = await browser.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(host.BaseUrl.ToString());
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });

        var dark = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual(light, dark);
        Assert.Equal("rgb(15, 20, 26)", dark);
    }

    [Fact]
    public async Task When_the_monitor_restarts_the_page_says_so_and_recovers_by_itself()
    {
        var host = await DashboardHost.StartAsync();
        var port = host.Port;
        host.Store.Publish(DashboardSnapshots.AllHealthy(4, version: 7));
        await using var session = await browser.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(host.BaseUrl.ToString());
        await WaitForCircuitAsync(page);

        await host.DisposeAsync();

        var banner = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(banner).ToContainTextAsync("Connection to the monitor lost");

        await using var restarted = await DashboardHost.StartAsync(port);
        restarted.Store.Publish(DashboardSnapshots.Stale());

        // The restarted server rejects the old circuit; the page reloads itself and shows the new state.
        await Assertions.Expect(page.Locator(".dashboard")).ToHaveAttributeAsync(
            "data-snapshot-version", DashboardSnapshots.Stale().Version.ToString(CultureInfo.InvariantCulture), new() { Timeout = 20_000 });
        await Assertions.Expect(banner).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Stale");
    }
}
