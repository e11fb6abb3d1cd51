using Bunit;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Components.Model;

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
}
