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
        Assert.Contains("minority", groups[1].QuerySelector(".minority-tag")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("lantern_3, grandine_4", groups[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(DashboardSnapshots.Root(0xbad), groups[1].GetAttribute("data-root"));
    }

    [Fact]
    public void Each_root_gets_a_stable_distinct_swatch()
    {
        var cut = RenderPanel(DashboardSnapshots.Forked());

        var swatches = cut.FindAll("[data-fork-kind=finalized] .swatch").Select(s => s.GetAttribute("style")).ToList();
        Assert.Equal(2, swatches.Count);
        Assert.NotEqual(swatches[0], swatches[1]);
        Assert.Equal($"--hue: {RootText.Hue(DashboardSnapshots.Root(104))}", swatches[0]);
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
