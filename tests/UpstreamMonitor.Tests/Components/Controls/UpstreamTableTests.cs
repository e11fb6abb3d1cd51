using AngleSharp.Dom;
using Bunit;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.History;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Controls;

public sealed class UpstreamTableTests : BunitContext
{
    private IRenderedComponent<UpstreamTable> RenderTable(MonitorSnapshot snapshot, DateTimeOffset? now = null) =>
        Render<UpstreamTable>(p => p
            .Add(c => c.Upstreams, snapshot.Upstreams)
            .Add(c => c.Consensus, snapshot.Consensus)
            .Add(c => c.Now, now ?? DashboardSnapshots.Now)
            .Add(c => c.IsLoading, snapshot.Version == 0));

    private static List<string> RowNames(IRenderedComponent<UpstreamTable> cut) =>
        cut.FindAll("tbody tr[data-upstream]").Select(r => r.GetAttribute("data-upstream")!).ToList();

    private static IElement Row(IRenderedComponent<UpstreamTable> cut, string name) => cut.Find($"tbody tr[data-upstream='{name}']");

    [Fact]
    public void Is_a_real_table_with_column_and_row_headers()
    {
        var cut = RenderTable(DashboardSnapshots.AllHealthy());

        var headers = cut.FindAll("thead th");
        Assert.Equal(13, headers.Count);
        Assert.All(headers, h => Assert.Equal("col", h.GetAttribute("scope")));
        Assert.Equal(
            ["Name", "Client", "Status", "Head", "Lag", "Justified", "Finalized", "Latency", "Aggregator", "Errors", "Last error", "Last success", "Uptime 24 h"],
            headers.Select(h => (h.QuerySelector("button")?.FirstChild ?? h.FirstChild)!.TextContent.Trim()));
        // The strips come from history beside the rows: that column does not sort.
        Assert.Null(headers[^1].QuerySelector("button"));
        Assert.All(cut.FindAll("tbody tr[data-upstream] th"), h => Assert.Equal("row", h.GetAttribute("scope")));
        Assert.NotNull(cut.Find("table caption"));
    }

    [Fact]
    public void Each_row_shows_its_24_hour_uptime_strip_from_history_and_a_dash_without_one()
    {
        var snapshot = DashboardSnapshots.AllHealthy();
        var now = DashboardSnapshots.Now.ToUnixTimeMilliseconds();
        var first = UptimeStrips.FirstHourMs(now);
        var name = snapshot.Upstreams[0].Name;
        // 22 good hours, one hour at 95% (fair), the newest at 50% (poor); the oldest hour has nothing.
        var rows = Enumerable.Range(1, 23).Select(h => new UptimeHourRow(name, first + (h * 3_600_000L), 900, h == 22 ? 855 : h == 23 ? 450 : 900));
        var strips = UptimeStrips.Build(rows, now);

        var cut = Render<UpstreamTable>(p => p
            .Add(c => c.Upstreams, snapshot.Upstreams)
            .Add(c => c.Consensus, snapshot.Consensus)
            .Add(c => c.Now, DashboardSnapshots.Now)
            .Add(c => c.Uptime, strips));

        var cell = Row(cut, name).QuerySelector("td.uptime-cell")!;
        var segments = cell.QuerySelectorAll(".seg").Select(s => s.ClassList[^1]).ToArray();
        Assert.Equal(24, segments.Length);
        Assert.Equal("none", segments[0]);
        Assert.All(segments[1..22], band => Assert.Equal("good", band));
        Assert.Equal(["fair", "poor"], segments[22..]);
        // (21 × 900 + 855 + 450) / (23 × 900) = 97.6% (never rounded up).
        Assert.Equal("97.6%", cell.QuerySelector(".share")!.TextContent);
        Assert.Equal("24 h uptime 97.6%", cell.QuerySelector(".uptime")!.GetAttribute("aria-label"));
        Assert.Contains("50.0% ok (450 of 900 rounds)", cell.QuerySelectorAll(".seg")[23].GetAttribute("title"), StringComparison.Ordinal);
        Assert.Equal("—", Row(cut, snapshot.Upstreams[1].Name).QuerySelector("td.uptime-cell")!.TextContent.Trim());
    }

    [Fact]
    public void Loading_and_no_upstreams_explain_the_empty_table()
    {
        Assert.Contains("Waiting for the first poll round", RenderTable(DashboardSnapshots.Loading()).Find("tr.empty").TextContent, StringComparison.Ordinal);
        Assert.Contains("No upstreams are configured", RenderTable(DashboardSnapshots.NoUpstreams()).Find("tr.empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Healthy_row_shows_every_column()
    {
        var cut = RenderTable(DashboardSnapshots.AllHealthy());

        var row = Row(cut, "zeam_0");
        var cells = row.Children.Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("zeam_0", cells[0]);
        Assert.Equal("http://127.0.0.1:9000/", row.Children[0].GetAttribute("title"));
        Assert.Equal("zeam", cells[1]);
        Assert.Equal("healthy", cells[2]);
        Assert.Equal("120", cells[3]);
        Assert.Equal("in sync", cells[4]);
        Assert.Equal("112", cells[5]);
        Assert.Equal("104", cells[6]);
        Assert.Equal("42 ms", cells[7]);
        Assert.Equal("◆ yes", cells[8]);
        Assert.Equal("0 / 0", cells[9]);
        Assert.Equal("—", cells[10]);
        Assert.Equal("2 s ago", cells[11]);
        Assert.Equal("no", Row(cut, "ream_1").Children[8].TextContent.Trim());
    }

    [Fact]
    public void Status_badges_use_words_and_icons_for_every_state()
    {
        var snapshot = DashboardSnapshots.Abandoned();

        var cut = RenderTable(snapshot);

        Assert.Equal("timeout", Row(cut, "hung_3").QuerySelector(".badge .label")!.TextContent);
        Assert.Equal("skipped", Row(cut, "late_5").QuerySelector(".badge .label")!.TextContent);
        Assert.Equal("in flight", Row(cut, "late_6").QuerySelector(".badge .label")!.TextContent);
        Assert.All(cut.FindAll(".badge"), b => Assert.NotNull(b.QuerySelector("svg")));
        var pending = RenderTable(DashboardSnapshots.WithConsensus([DashboardSnapshots.Healthy("a_0") with { State = UpstreamPollState.Pending, Healthy = false }], 1, 120));
        Assert.Equal("pending", pending.Find(".badge .label").TextContent);
    }

    [Fact]
    public void Failing_row_shows_errors_consecutive_and_total_and_a_shortened_error_that_expands()
    {
        var longError = "HTTP 503 Service Unavailable from http://127.0.0.1:9100/lean/v0/fork_choice: node is still syncing";
        var snapshot = DashboardSnapshots.WithConsensus(
            [DashboardSnapshots.Healthy("zeam_0"), DashboardSnapshots.Failed("boot_1", UpstreamPollState.Error, longError, consecutive: 4, total: 11)], 3, 120);

        var cut = RenderTable(snapshot);

        var row = Row(cut, "boot_1");
        Assert.Contains("failing", row.ClassList);
        Assert.Equal("error", row.QuerySelector(".badge .label")!.TextContent);
        Assert.Equal("4 consecutive, 11 total", row.QuerySelector(".errors")!.GetAttribute("aria-label"));
        var summary = row.QuerySelector(".last-error details summary")!;
        Assert.Equal(longError[..UpstreamTable.ErrorPreviewLength] + "…", summary.TextContent);
        Assert.Equal(longError, row.QuerySelector(".last-error .full")!.TextContent);
        Assert.Equal("5 min ago", row.QuerySelector(".last-success")!.TextContent.Trim());
    }

    [Fact]
    public void Lag_is_coloured_by_size_and_worded()
    {
        List<UpstreamStatus> rows =
        [
            DashboardSnapshots.Healthy("a_0", 120, lag: 0),
            DashboardSnapshots.Healthy("b_1", 119, lag: 1),
            DashboardSnapshots.Healthy("c_2", 115, lag: 5),
            DashboardSnapshots.Healthy("d_3", 100, lag: 20),
            DashboardSnapshots.Healthy("e_4", 121, lag: -1),
        ];

        var cut = RenderTable(DashboardSnapshots.WithConsensus(rows, 2, 120));

        Assert.Equal(["lag-sync", "lag-minor", "lag-behind", "lag-far", "lag-sync"], cut.FindAll("td.lag").Select(c => c.ClassList[^1]));
        Assert.Equal(["in sync", "1 behind", "5 behind", "20 behind", "1 ahead"], cut.FindAll("td.lag").Select(c => c.TextContent.Trim()));
        Assert.NotNull(Row(cut, "d_3").QuerySelector("td.lag svg"));
    }

    [Fact]
    public void Each_name_links_to_that_upstreams_history_page()
    {
        var cut = RenderTable(DashboardSnapshots.Forked());

        var link = Row(cut, "lantern_3").QuerySelector("th.name a")!;
        Assert.Equal("upstreams/lantern_3", link.GetAttribute("href"));
        Assert.Equal("lantern_3", link.TextContent);
    }

    [Fact]
    public void Off_consensus_rows_are_marked_as_forked()
    {
        var cut = RenderTable(DashboardSnapshots.Forked());

        Assert.Null(Row(cut, "zeam_0").QuerySelector(".fork-tag"));
        var tag = Row(cut, "lantern_3").QuerySelector(".fork-tag")!;
        Assert.Contains("fork", tag.TextContent, StringComparison.Ordinal);
        Assert.Contains(DashboardSnapshots.Root(0xbad), tag.GetAttribute("title"), StringComparison.Ordinal);

        // The same letter and colour as the root's swatch in the Forks panel.
        var swatch = tag.QuerySelector(".swatch")!;
        Assert.Equal("B", swatch.TextContent);
        Assert.Equal($"--hue: {ForkSwatch.At(1).Hue}", swatch.GetAttribute("style"));
    }

    [Fact]
    public void An_older_finalized_checkpoint_is_marked_behind_not_forked()
    {
        var laggard = DashboardSnapshots.Healthy("laggard_1", head: 117, lag: 3) with
        {
            Chain = DashboardSnapshots.Healthy("laggard_1", head: 117).Chain with { Finalized = new ObservedCheckpoint(100, DashboardSnapshots.Root(100)) },
            Standing = ConsensusStanding.Unknown,
        };
        var snapshot = DashboardSnapshots.WithConsensus([DashboardSnapshots.Healthy("zeam_0"), laggard], 4, 120);

        var cut = RenderTable(snapshot);

        var finalized = Row(cut, "laggard_1").QuerySelector(".finalized")!;
        Assert.Null(finalized.QuerySelector(".fork-tag"));
        Assert.Equal("behind", finalized.QuerySelector(".behind-tag")!.TextContent);
    }

    [Fact]
    public void Last_success_keeps_ticking_with_the_clock()
    {
        var snapshot = DashboardSnapshots.AllHealthy();
        var cut = RenderTable(snapshot);
        Assert.Equal("2 s ago", Row(cut, "zeam_0").QuerySelector(".last-success")!.TextContent.Trim());

        cut.Render(p => p.Add(c => c.Now, DashboardSnapshots.Now.AddSeconds(70)));

        Assert.Equal("1 min 12 s ago", Row(cut, "zeam_0").QuerySelector(".last-success")!.TextContent.Trim());
    }

    [Fact]
    public void Clicking_a_header_sorts_ascending_then_descending_then_back_to_configured_order()
    {
        var cut = RenderTable(DashboardSnapshots.Abandoned());
        var configured = RowNames(cut);

        cut.FindAll("thead th")[2].QuerySelector("button")!.Click();
        Assert.Equal("ascending", cut.FindAll("thead th")[2].GetAttribute("aria-sort"));
        Assert.Equal(["zeam_0", "ream_1", "qlean_2", "late_5", "late_6", "hung_3", "hung_4"], RowNames(cut));

        cut.FindAll("thead th")[2].QuerySelector("button")!.Click();
        Assert.Equal("descending", cut.FindAll("thead th")[2].GetAttribute("aria-sort"));
        Assert.Equal(["hung_3", "hung_4", "late_6", "late_5", "zeam_0", "ream_1", "qlean_2"], RowNames(cut));

        cut.FindAll("thead th")[2].QuerySelector("button")!.Click();
        Assert.Equal("none", cut.FindAll("thead th")[2].GetAttribute("aria-sort"));
        Assert.Equal(configured, RowNames(cut));
    }

    [Fact]
    public void Filtering_by_text_matches_name_client_and_error()
    {
        var cut = RenderTable(DashboardSnapshots.Abandoned());

        cut.Find("input.filter").Input("HUNG");
        Assert.Equal(["hung_3", "hung_4"], RowNames(cut));
        Assert.Equal("Showing 2 of 7", cut.Find(".row-count").TextContent);

        cut.Find("input.filter").Input("deadline");
        Assert.Equal(["late_5"], RowNames(cut));

        cut.Find("input.filter").Input("no-such-node");
        Assert.Contains("No upstream matches the filter", cut.Find("tr.empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Filtering_by_status()
    {
        var cut = RenderTable(DashboardSnapshots.Abandoned());

        cut.Find("select").Change(nameof(UpstreamStatusFilter.Failing));
        Assert.Equal(["hung_3", "hung_4", "late_6"], RowNames(cut));

        cut.Find("select").Change(nameof(UpstreamStatusFilter.Healthy));
        Assert.Equal(["zeam_0", "ream_1", "qlean_2"], RowNames(cut));

        cut.Find("select").Change(nameof(UpstreamStatusFilter.Skipped));
        Assert.Equal(["late_5"], RowNames(cut));
    }

    [Fact]
    public void Pin_failing_puts_failing_rows_on_top_and_keeps_them_there_across_snapshots()
    {
        var cut = RenderTable(DashboardSnapshots.Abandoned());

        cut.Find(".pin input").Change(true);
        Assert.Equal(["hung_3", "hung_4", "late_6", "zeam_0", "ream_1", "qlean_2", "late_5"], RowNames(cut));

        // The next round: zeam_0 fails. The query survives the new snapshot.
        var next = DashboardSnapshots.Abandoned();
        var upstreams = next.Upstreams.ToList();
        upstreams[0] = DashboardSnapshots.Failed("zeam_0", UpstreamPollState.Error, "connection refused", port: 9000);
        cut.Render(p => p.Add(c => c.Upstreams, upstreams));
        Assert.Equal(["zeam_0", "hung_3", "hung_4", "late_6", "ream_1", "qlean_2", "late_5"], RowNames(cut));
        Assert.True(cut.Instance.Query.PinFailing);
    }

    [Fact]
    public void A_thousand_upstreams_go_through_virtualize_in_the_table_body()
    {
        var snapshot = DashboardSnapshots.Thousand();

        var cut = RenderTable(snapshot);

        var virtualize = cut.FindComponent<Microsoft.AspNetCore.Components.Web.Virtualization.Virtualize<UpstreamStatus>>();
        Assert.Equal(1000, virtualize.Instance.Items!.Count);
        Assert.Equal("tr", virtualize.Instance.SpacerElement);
        Assert.Equal("Showing 1000 of 1000", cut.Find(".row-count").TextContent);
        // Virtualize renders only what fits its viewport plus overscan; never all thousand rows.
        Assert.InRange(cut.FindAll("tbody tr[data-upstream]").Count, 1, 200);
    }
}
