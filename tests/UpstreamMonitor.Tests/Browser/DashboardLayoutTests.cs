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

    /// <summary>Names, clients and the key figures of every row: shown, not cut, inside the window and the table's view.</summary>
    private const string LayoutProblems = """
        () => {
          const problems = [];
          const page = document.documentElement;
          if (page.scrollWidth > window.innerWidth) problems.push(`page scrolls sideways: ${page.scrollWidth} > ${window.innerWidth}`);
          const view = document.querySelector('.scroller').getBoundingClientRect();
          for (const row of document.querySelectorAll('tbody tr[data-upstream]')) {
            for (const sel of ['th.name', 'td.client', 'td.status .badge', 'td.head-slot', 'td.finalized']) {
              const el = row.querySelector(sel);
              const what = `${row.dataset.upstream} ${sel}`;
              if (!el) { problems.push(`${what} missing`); continue; }
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) problems.push(`${what} not shown`);
              if (r.left < Math.max(0, view.left) - 1 || r.right > Math.min(window.innerWidth, view.right) + 1) problems.push(`${what} outside the view (${r.left}..${r.right})`);
              if (el.scrollWidth > el.clientWidth + 1) problems.push(`${what} cut (${el.scrollWidth} > ${el.clientWidth})`);
            }
            const status = row.querySelector('td.status');
            if (status && status.scrollWidth > status.clientWidth + 1) problems.push(`${row.dataset.upstream} status cell cut`);
          }
          return problems;
        }
        """;

    [Theory]
    [InlineData(390)]
    [InlineData(800)]
    [InlineData(1600)]
    public async Task At_each_width_names_and_key_figures_are_whole_and_the_page_does_not_scroll_sideways(int width)
    {
        await using var session = await browser.OpenAsync(width, 900);
        var page = session.Page;

        await page.GotoAsync(BaseUrl);
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("tbody tr[data-upstream]")).ToHaveCountAsync(BadDay.Names.Length);

        var problems = await page.EvaluateAsync<string[]>(LayoutProblems);
        Assert.Empty(problems);
        await Assertions.Expect(page.Locator("tr[data-upstream='grandine_7'] td.status")).ToHaveTextAsync("error");
    }

    [Fact]
    public async Task Narrow_windows_drop_the_detail_columns_and_stack_the_rows()
    {
        await using var session = await browser.OpenAsync(390, 900);
        var page = session.Page;
        await page.GotoAsync(BaseUrl);
        await WaitForCircuitAsync(page);

        var row = page.Locator("tr[data-upstream='ethlambda_0']");
        await Assertions.Expect(row.Locator("td.last-success")).ToBeHiddenAsync();
        await Assertions.Expect(row.Locator("td.head-slot")).ToBeVisibleAsync();
        var label = await row.Locator("td.head-slot").EvaluateAsync<string>("el => getComputedStyle(el, '::before').content");
        Assert.Equal("\"Head\"", label);

        await page.SetViewportSizeAsync(1600, 900);
        await Assertions.Expect(row.Locator("td.last-success")).ToBeVisibleAsync();
        Assert.Equal("none", await row.Locator("td.head-slot").EvaluateAsync<string>("el => getComputedStyle(el, '::before').content"));
    }

    [Fact]
    public async Task Disconnected_the_banner_leaves_the_navigation_free_and_the_figures_say_when_they_are_from()
    {
        var host = await DashboardHost.StartAsync();
        host.Store.Publish(BadDay.Snapshot());
        await using var session = await browser.OpenAsync(1600, 900);
        var page = session.Page;
        await page.GotoAsync(host.BaseUrl.ToString());
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-as-of]")).ToBeHiddenAsync();

        await host.DisposeAsync();

        var banner = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var bar = (await banner.BoundingBoxAsync())!;
        var nav = (await page.Locator("nav.links").BoundingBoxAsync())!;
        Assert.True(bar.Y >= nav.Y + nav.Height, $"banner at y={bar.Y} covers the navigation (bottom {nav.Y + nav.Height})");
        var asOf = page.Locator("[data-as-of]");
        await Assertions.Expect(asOf).ToBeVisibleAsync();
        await Assertions.Expect(asOf).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"as of \d\d:\d\d:\d\d UTC$"));
        Assert.Contains("grayscale", await page.Locator(".dashboard").EvaluateAsync<string>("el => getComputedStyle(el).filter"), StringComparison.Ordinal);
    }

    /// <summary>Every shown column heading wider than its column (a heading cannot expand, so it must be whole).</summary>
    private const string CutHeadings = """
        () => [...document.querySelectorAll('thead th')]
          .filter(th => th.offsetParent !== null)
          .map(th => ({ th, label: th.querySelector('.sort') || th }))
          .filter(({ th, label }) => label.scrollWidth > th.clientWidth + 1 || th.scrollWidth > th.clientWidth + 1)
          .map(({ th, label }) => `${th.textContent.trim()}: ${label.scrollWidth} > ${th.clientWidth}`)
        """;

    [Theory]
    [InlineData(800)]
    [InlineData(1280)]
    [InlineData(1600)]
    public async Task Every_column_heading_is_whole(int width)
    {
        await using var session = await browser.OpenAsync(width, 900);
        var page = session.Page;
        await page.GotoAsync(BaseUrl);
        await WaitForCircuitAsync(page);

        Assert.Empty(await page.EvaluateAsync<string[]>(CutHeadings));

        // From 1280 px the detail columns are back, the longest heading (Aggregator) among them.
        var aggregator = page.Locator("thead th", new() { HasText = "Aggregator" });
        await (width >= 1280 ? Assertions.Expect(aggregator).ToBeVisibleAsync() : Assertions.Expect(aggregator).ToBeHiddenAsync());
    }

    /// <summary>Every text a cell cuts (by its ellipsis) that cannot be opened: none may exist.</summary>
    private const string CutTextsWithoutExpander = """
        () => [...document.querySelectorAll('tbody *')]
          .filter(el => el.children.length === 0 && el.offsetParent !== null)
          .filter(el => getComputedStyle(el).textOverflow === 'ellipsis' || getComputedStyle(el.parentElement).textOverflow === 'ellipsis')
          .filter(el => el.scrollWidth > el.clientWidth + 1 || el.parentElement.scrollWidth > el.parentElement.clientWidth + 1)
          .filter(el => !el.closest('details'))
          .map(el => el.closest('tr')?.dataset.upstream + ': ' + el.textContent.trim())
        """;

    [Theory]
    [InlineData(800)]
    [InlineData(1600)]
    public async Task Every_cut_error_opens_to_its_full_text(int width)
    {
        await using var session = await browser.OpenAsync(width, 900);
        var page = session.Page;
        await page.GotoAsync(BaseUrl);
        await WaitForCircuitAsync(page);

        Assert.Empty(await page.EvaluateAsync<string[]>(CutTextsWithoutExpander));
        foreach (var (name, error) in new[] { ("ethlambda_6", BadDay.TimeoutError), ("grandine_7", BadDay.ServiceUnavailable) })
        {
            var cell = page.Locator($"tr[data-upstream='{name}'] td.last-error");
            await cell.Locator("summary").ClickAsync();
            await Assertions.Expect(cell.Locator("details")).ToHaveAttributeAsync("open", string.Empty);
            await Assertions.Expect(cell.Locator(".full")).ToHaveTextAsync(error);
        }
    }

    /// <summary>Contrast of each key text against the first opaque background behind it (WCAG relative luminance).</summary>
    private const string LowContrastTexts = """
        (selectors) => {
          const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
          const background = el => {
            for (let e = el; e; e = e.parentElement) {
              const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
            }
            return [255, 255, 255];
          };
          const problems = [];
          for (const selector of selectors) {
            for (const el of document.querySelectorAll(selector)) {
              const [a, b] = [lum(rgb(getComputedStyle(el).color).slice(0, 3)), lum(background(el))];
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) problems.push(`${selector} "${el.textContent.trim().slice(0, 20)}": ${ratio.toFixed(2)}`);
            }
          }
          return problems;
        }
        """;

    [Theory]
    [InlineData(ColorScheme.Dark)]
    [InlineData(ColorScheme.Light)]
    public async Task Key_text_is_readable_in_dark_and_light_mode(ColorScheme scheme)
    {
        await using var session = await browser.OpenAsync(1600, 900, colorScheme: scheme);
        var page = session.Page;
        await page.GotoAsync(BaseUrl);
        await WaitForCircuitAsync(page);

        var problems = await page.EvaluateAsync<string[]>(
            LowContrastTexts,
            new[] { "tbody th.name", "tbody td.client", "tbody td.head-slot", "tbody td.finalized", "thead th", ".forks h2", ".forks .members" });

        Assert.Empty(problems);

        // The scheme really switched: the page background is dark in dark mode and light otherwise (mean channel value).
        var brightness = await page.EvaluateAsync<double>(
            "() => { const c = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number); return (c[0] + c[1] + c[2]) / 3; }");
        Assert.Equal(scheme == ColorScheme.Dark, brightness < 96);
    }
}
