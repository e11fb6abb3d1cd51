using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Components.Model;

namespace UpstreamMonitor.Tests.Components.Model;

public sealed class UpstreamTableLayoutTests
{
    [Fact]
    public void App_css_carries_the_rules_generated_from_the_current_columns()
    {
        var css = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "UpstreamMonitor", "wwwroot", "app.css"));
        var start = css.IndexOf(UpstreamTableLayout.BeginMarker, StringComparison.Ordinal);
        var end = css.IndexOf(UpstreamTableLayout.EndMarker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "app.css has no upstream-table-layout section");

        var section = css[(start + UpstreamTableLayout.BeginMarker.Length)..end].Trim('\n');

        Assert.Equal(UpstreamTableLayout.Css(UpstreamTableColumns.All).Trim('\n'), section);
    }

    [Fact]
    public void Detail_columns_hide_when_narrow_and_key_columns_get_labels_when_stacked()
    {
        var css = UpstreamTableLayout.Css(UpstreamTableColumns.All);
        var latency = IndexOf(UpstreamColumn.Latency);
        var head = IndexOf(UpstreamColumn.Head);

        Assert.Contains($"table.upstream-grid tbody tr > :nth-child({latency})", css, StringComparison.Ordinal);
        Assert.DoesNotContain($"tbody tr > :nth-child({head})", css, StringComparison.Ordinal);
        Assert.Contains($"tr.row > :nth-child({head})::before {{ content: \"Head\"; }}", css, StringComparison.Ordinal);
        Assert.Equal(ColumnTier.Key, UpstreamTableLayout.TierOf(UpstreamColumn.Finalized));
        Assert.Equal(ColumnTier.Failure, UpstreamTableLayout.TierOf(UpstreamColumn.LastError));
    }

    private static int IndexOf(UpstreamColumn key) =>
        UpstreamTableColumns.All.Select((c, i) => (c.Key, i)).First(x => x.Key == key).i + 1;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "UpstreamMonitor.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("UpstreamMonitor.sln not found above " + AppContext.BaseDirectory);
    }
}
