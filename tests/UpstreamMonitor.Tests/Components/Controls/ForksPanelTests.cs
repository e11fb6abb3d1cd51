using Bunit;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Controls;

public sealed class ForksPanelTests : BunitContext
{
    private IRenderedComponent<ForksPanel> RenderPanel(MonitorSnapshot snapshot) =>
        Render<ForksPanel>(p => p.Add(c => c.Consensus, snapshot.Consensus));

    [Fact]
    public void Forked_lists_each_root_with_its_upstreams_majority_marked_minority_highlighted()
    {
        var cut = RenderPanel(DashboardSnapshots.Forked());

        var finalized = cut.Find("[data-fork-kind=finalized]");
        Assert.Contains("2 distinct roots", finalized.QuerySelector("h3")!.TextContent, StringComparison.Ordinal);
        var groups = finalized.QuerySelectorAll("li.fork");
        Assert.Equal(2, groups.Length);
        Assert.Contains("majority", groups[0].ClassList);
        Assert.Contains("★ majority", groups[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("zeam_0, ream_1, qlean_2", groups[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("minority", groups[1].ClassList);
        Assert.Contains("fork", groups[1].QuerySelector(".minority-tag")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("fork", groups[1].GetAttribute("data-standing"));
        Assert.Contains("lantern_3, grandine_4", groups[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(DashboardSnapshots.Root(0xbad), groups[1].GetAttribute("data-root"));
    }

    [Fact]
    public void Swatches_differ_in_colour_and_in_letter_so_colour_is_never_the_only_cue()
    {
        var cut = RenderPanel(DashboardSnapshots.Forked());

        var swatches = cut.FindAll("[data-fork-kind=finalized] .swatch");
        Assert.Equal(["A", "B"], swatches.Select(s => s.TextContent));
        Assert.Equal(["--hue: 210", "--hue: 348"], swatches.Select(s => s.GetAttribute("style")));

        // Neighbouring hues a golden angle apart never come within 30 degrees among the first dozen groups.
        var hues = Enumerable.Range(0, 12).Select(i => double.Parse(ForkSwatch.At(i).Hue, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(hues.Skip(1).Zip(hues), p => Assert.True(Math.Min(Math.Abs(p.First - p.Second), 360 - Math.Abs(p.First - p.Second)) > 30));
    }

    [Fact]
    public void A_group_behind_on_the_majoritys_chain_is_not_painted_as_a_fork()
    {
        var cut = RenderPanel(DashboardSnapshots.Lagging());

        var finalized = cut.Find("[data-fork-kind=finalized]");
        Assert.Contains("2 roots, one chain", finalized.QuerySelector("h3")!.TextContent, StringComparison.Ordinal);
        Assert.Null(finalized.QuerySelector(".split"));
        Assert.Empty(cut.FindAll("li.minority"));
        var behind = finalized.QuerySelectorAll("li.fork")[1];
        Assert.Contains("same-chain", behind.ClassList);
        Assert.Equal("behind", behind.GetAttribute("data-standing"));
        Assert.Contains("behind, same chain", behind.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Agreement_says_all_agree()
    {
        var cut = RenderPanel(DashboardSnapshots.AllHealthy());

        Assert.Contains("all agree", cut.Find("[data-fork-kind=finalized] h3").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("li.minority"));
    }

    [Fact]
    public void Loading_and_no_upstreams_show_no_roots()
    {
        Assert.Equal(2, RenderPanel(DashboardSnapshots.Loading()).FindAll("p.empty").Count);
        Assert.Equal(2, RenderPanel(DashboardSnapshots.NoUpstreams()).FindAll("p.empty").Count);
    }

    [Fact]
    public void A_thousand_member_group_lists_a_few_names_and_counts_the_rest()
    {
        var cut = RenderPanel(DashboardSnapshots.Thousand());

        var members = cut.Find("[data-fork-kind=finalized] .members").TextContent;
        Assert.Contains("900", members, StringComparison.Ordinal);
        Assert.Contains($"and {900 - ForksPanel.MaxNamesShown} more", members, StringComparison.Ordinal);
        Assert.DoesNotContain("node_998", members, StringComparison.Ordinal);
    }
}
