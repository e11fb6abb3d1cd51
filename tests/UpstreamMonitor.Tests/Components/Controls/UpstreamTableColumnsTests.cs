using Bunit;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Controls;

public sealed class UpstreamTableColumnsTests : BunitContext
{
    [Fact]
    public void There_is_one_definition_per_column_key_in_key_order()
    {
        Assert.Equal(Enum.GetValues<UpstreamColumn>(), UpstreamTableColumns.All.Select(c => c.Key));
        Assert.All(Enum.GetValues<UpstreamColumn>(), key => Assert.Equal(key, UpstreamTableColumns.Of(key).Key));
    }

    [Fact]
    public void The_column_list_drives_header_cols_cells_and_the_empty_rows_colspan()
    {
        var count = UpstreamTableColumns.All.Count;
        var table = Render<UpstreamTable>(p => p
            .Add(c => c.Upstreams, DashboardSnapshots.AllHealthy().Upstreams)
            .Add(c => c.Consensus, DashboardSnapshots.AllHealthy().Consensus)
            .Add(c => c.Now, DashboardSnapshots.Now));
        var empty = Render<UpstreamTable>(p => p
            .Add(c => c.Upstreams, [])
            .Add(c => c.Consensus, DashboardSnapshots.NoUpstreams().Consensus)
            .Add(c => c.Now, DashboardSnapshots.Now));

        Assert.Equal(UpstreamTableColumns.All.Select(c => c.Label), table.FindAll("thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal(UpstreamTableColumns.All.Select(c => c.ColCss), table.FindAll("colgroup col").Select(col => col.GetAttribute("class")));
        Assert.All(table.FindAll("tbody tr.row"), row => Assert.Equal(count, row.Children.Length));
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), empty.Find("tr.empty td").GetAttribute("colspan"));
    }

    [Fact]
    public void The_client_cell_shows_the_reported_version_cut_and_expandable_and_the_nodes_sync_state()
    {
        const string version = "ethlambda/v0.3.1-7f3c2a9e+linux-x86_64";
        var rows = new[]
        {
            DashboardSnapshots.Healthy("ethlambda_0") with { ClientVersion = version, Syncing = new NodeSyncStatus(true, 110, 1234, 100) },
            DashboardSnapshots.Healthy("ream_1") with { ClientVersion = "ream/0.1.0", Syncing = new NodeSyncStatus(false, 120, 0, 112) },
            DashboardSnapshots.Healthy("zeam_2"),
        };

        var cut = RenderRows(DashboardSnapshots.WithConsensus([.. rows], 4, 120));

        var ethlambda = cut.Find("tbody tr[data-upstream='ethlambda_0'] td.client");
        Assert.StartsWith("ethlambda", ethlambda.TextContent.Trim(), StringComparison.Ordinal);
        var expandable = ethlambda.QuerySelector(".client-version details.expandable")!;
        Assert.Equal(version[..UpstreamTableColumns.ClientVersionPreviewLength] + "…", expandable.QuerySelector("summary")!.TextContent);
        Assert.Equal(version, expandable.QuerySelector(".full")!.TextContent);
        Assert.Equal("syncing, 1,234 behind", ethlambda.QuerySelector(".sync.syncing")!.TextContent);

        var ream = cut.Find("tbody tr[data-upstream='ream_1'] td.client");
        Assert.Equal("ream/0.1.0", ream.QuerySelector(".client-version summary")!.TextContent);
        Assert.Equal("synced", ream.QuerySelector(".sync.synced")!.TextContent);

        // A client that serves neither route shows its name only.
        var zeam = cut.Find("tbody tr[data-upstream='zeam_2'] td.client");
        Assert.Equal("zeam", zeam.TextContent.Trim());
        Assert.Empty(zeam.QuerySelectorAll("small"));
    }

    [Fact]
    public void A_node_of_another_network_reads_other_network_not_fork()
    {
        var reset = DashboardSnapshots.Healthy("zeam_3") with { GenesisTime = 1_772_452_400, Standing = ConsensusStanding.OtherNetwork };
        var snapshot = DashboardSnapshots.WithConsensus([DashboardSnapshots.Healthy("zeam_0"), reset], 4, 120);
        snapshot = snapshot with
        {
            Upstreams = [snapshot.Upstreams[0], snapshot.Upstreams[1] with { Standing = ConsensusStanding.OtherNetwork }],
            Consensus = snapshot.Consensus with { GenesisTime = 1_772_366_000 },
        };

        var cut = RenderRows(snapshot);

        var finalized = cut.Find("tbody tr[data-upstream='zeam_3'] td.finalized");
        var tag = finalized.QuerySelector(".other-network")!;
        Assert.Equal("other network", tag.TextContent.Trim());
        Assert.Contains("1772452400", tag.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("1772366000", tag.GetAttribute("title"), StringComparison.Ordinal);
        Assert.DoesNotContain("fork", finalized.TextContent, StringComparison.Ordinal);
    }

    private IRenderedComponent<UpstreamTable> RenderRows(MonitorSnapshot snapshot) =>
        Render<UpstreamTable>(p => p
            .Add(c => c.Upstreams, snapshot.Upstreams)
            .Add(c => c.Consensus, snapshot.Consensus)
            .Add(c => c.Now, DashboardSnapshots.Now));
}
