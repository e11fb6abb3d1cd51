using Microsoft.Playwright;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Components;

namespace UpstreamMonitor.Tests.Browser;

/// <summary>One host for the class, serving the bad-day snapshot the layout tests look at.</summary>
public sealed class BadDayHost : IAsyncLifetime
{
    public DashboardHost Host { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Host = await DashboardHost.StartAsync();
        Host.Store.Publish(BadDay.Snapshot());
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Eight upstreams with the longest client names and both kinds of error text an operator meets.</summary>
internal static class BadDay
{
    public const string TimeoutError = "fork choice request timed out after 2000 ms (no answer from 127.0.0.1:9106)";

    public const string ServiceUnavailable = "HTTP 503 Service Unavailable from /lean/v0/fork_choice: node is still syncing its database";

    public static readonly string[] Names =
    [
        "ethlambda_0", "grandine_1", "lantern_2", "qlean_3", "zeam_4", "ream_5", "ethlambda_6", "grandine_7",
    ];

    public static MonitorSnapshot Snapshot()
    {
        var upstreams = Names.Select((name, i) => i switch
        {
            6 => DashboardSnapshots.Failed(name, UpstreamPollState.Timeout, TimeoutError, port: 9100 + i),
            7 => DashboardSnapshots.Failed(name, UpstreamPollState.Error, ServiceUnavailable, port: 9100 + i),
            _ => DashboardSnapshots.Healthy(name, port: 9000 + i),
        }).ToList();
        return DashboardSnapshots.WithConsensus(upstreams, version: 12, head: 120);
    }
}

[Collection(BrowserTestGroup.Name)]
public sealed class DashboardLayoutTests(BrowserFixture browser, BadDayHost shared) : IClassFixture<BadDayHost>
{
    private string BaseUrl => shared.Host.BaseUrl.ToString();

    private static async Task WaitForCircuitAsync(IPage page) =>
        await page.WaitForSelectorAsync(".dashboard[data-live=true]", new() { State = WaitForSelectorState.Attached });

    [Fact]
    public async Task The_served_html_already_lists_every_upstream()
    {
        using var http = new HttpClient();

        var html = await http.GetStringAsync(shared.Host.BaseUrl);

        Assert.Contains("Showing 8 of 8", html, StringComparison.Ordinal);
        Assert.All(BadDay.Names, name => Assert.Contains($"data-upstream=\"{name}\"", html, StringComparison.Ordinal));
        Assert.DoesNotContain("Waiting for the first poll round", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_javascript_the_first_paint_shows_the_rows()
    {
        await using var session = await browser.OpenAsync(javaScript: false);
        var page = session.Page;

        await page.GotoAsync(BaseUrl);

        var rows = page.Locator("tbody tr[data-upstream]");
        await Assertions.Expect(rows).ToHaveCountAsync(BadDay.Names.Length);
        await Assertions.Expect(rows.First.Locator("th.name")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-upstream='grandine_7'] .badge .label")).ToHaveTextAsync("error");
        Assert.Null(await page.GetAttributeAsync(".dashboard", "data-live"));
    }
}
