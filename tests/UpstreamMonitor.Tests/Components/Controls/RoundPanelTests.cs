using Bunit;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Controls;

public sealed class RoundPanelTests : BunitContext
{
    private IRenderedComponent<RoundPanel> RenderPanel(MonitorSnapshot snapshot) =>
        Render<RoundPanel>(p => p.Add(c => c.Round, snapshot.LastRound).Add(c => c.GateInFlight, snapshot.GateInFlight));

    [Fact]
    public void Loading_has_no_round_yet()
    {
        var cut = RenderPanel(DashboardSnapshots.Loading());

        Assert.Contains("No round has finished yet", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[role=meter]"));
    }

    [Fact]
    public void Shows_duration_against_budget_as_a_bar_and_text()
    {
        var cut = RenderPanel(DashboardSnapshots.AllHealthy());

        var meter = cut.Find("[role=meter]");
        Assert.Equal("250", meter.GetAttribute("aria-valuenow"));
        Assert.Equal("10000", meter.GetAttribute("aria-valuemax"));
        Assert.Contains("width: 2.5%", cut.Find(".fill").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("250 ms of 10.00 s budget (3%)", cut.Find(".budget-text").TextContent, StringComparison.Ordinal);
        Assert.Contains("normal", meter.ClassList);
    }

    [Fact]
    public void Abandoned_jobs_are_counted_and_called_out()
    {
        var cut = RenderPanel(DashboardSnapshots.Abandoned());

        Assert.Equal("5", cut.Find("[data-counter=dispatched]").TextContent.Trim());
        Assert.Equal("3", cut.Find("[data-counter=completed]").TextContent.Trim());
        Assert.Equal("2", cut.Find("[data-counter=abandoned]").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-counter=skipped]").TextContent.Trim());
        Assert.Equal("64", cut.Find("[data-counter=capacity]").TextContent.Trim());
        Assert.Equal("3", cut.Find("[data-counter=gate-in-flight]").TextContent.Trim());
        Assert.Contains("2 abandoned, 1 not dispatched", cut.Find("[role=note]").TextContent, StringComparison.Ordinal);
        Assert.Contains("high", cut.Find("[role=meter]").ClassList);
    }

    [Fact]
    public void A_round_over_its_budget_fills_the_bar_without_overflowing()
    {
        var round = DashboardSnapshots.Round(3, 4, 4, duration: TimeSpan.FromSeconds(12), budget: TimeSpan.FromSeconds(10));

        var cut = Render<RoundPanel>(p => p.Add(c => c.Round, round));

        Assert.Contains("width: 100%", cut.Find(".fill").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("over", cut.Find("[role=meter]").ClassList);
    }

    [Fact]
    public void Clean_round_has_no_warning()
    {
        var cut = RenderPanel(DashboardSnapshots.AllHealthy());

        Assert.Empty(cut.FindAll("[role=note]"));
    }
}
