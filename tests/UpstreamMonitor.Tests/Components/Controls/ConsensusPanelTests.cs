using Bunit;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Controls;

public sealed class ConsensusPanelTests : BunitContext
{
    private IRenderedComponent<ConsensusPanel> RenderPanel(MonitorSnapshot snapshot) =>
        Render<ConsensusPanel>(p => p.Add(c => c.Snapshot, snapshot));

    [Fact]
    public void Shows_slot_short_root_with_full_root_on_hover_and_votes()
    {
        var snapshot = DashboardSnapshots.Forked();

        var cut = RenderPanel(snapshot);

        var finalized = cut.Find("[data-checkpoint=finalized]");
        Assert.Equal("104", finalized.QuerySelector(".slot-number")!.TextContent);
        var code = finalized.QuerySelector("code")!;
        Assert.Equal(DashboardSnapshots.Root(104), code.GetAttribute("title"));
        Assert.Equal("0x000000…0068", code.TextContent);
        Assert.Equal("3 of 5", finalized.QuerySelector(".votes-count")!.TextContent);
        Assert.Equal("5 of 5", cut.Find("[data-checkpoint=justified] .votes-count").TextContent);
        Assert.Equal("120", cut.Find("[data-checkpoint=head] .slot-number").TextContent);
    }

    [Fact]
    public void Copy_button_carries_the_full_root_and_is_labelled()
    {
        var cut = RenderPanel(DashboardSnapshots.AllHealthy());

        var button = cut.Find("[data-checkpoint=finalized] button.copy");
        Assert.Equal(DashboardSnapshots.Root(104), button.GetAttribute("data-copy"));
        Assert.Equal("button", button.GetAttribute("type"));
        Assert.Contains(DashboardSnapshots.Root(104), button.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_majority_says_so_and_shows_the_last_agreed_checkpoint()
    {
        var cut = RenderPanel(DashboardSnapshots.Stale());

        var finalized = cut.Find("[data-checkpoint=finalized]");
        Assert.Contains("no majority", finalized.TextContent, StringComparison.Ordinal);
        Assert.Contains("last agreed: slot 96", finalized.TextContent, StringComparison.Ordinal);
        Assert.Equal(DashboardSnapshots.Root(96), finalized.QuerySelector("code")!.GetAttribute("title"));
    }

    [Fact]
    public void Loading_shows_no_checkpoint_yet()
    {
        var cut = RenderPanel(DashboardSnapshots.Loading());

        Assert.Equal(3, cut.FindAll(".checkpoint.none").Count);
        Assert.Contains("none agreed yet", cut.Find("[data-checkpoint=finalized]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_slots_are_grouped_for_reading()
    {
        var snapshot = DashboardSnapshots.AllHealthy();
        snapshot = snapshot with { Consensus = snapshot.Consensus with { Finalized = new CheckpointVote(1_234_567, DashboardSnapshots.Root(1), 4) } };

        var cut = RenderPanel(snapshot);

        Assert.Equal("1,234,567", cut.Find("[data-checkpoint=finalized] .slot-number").TextContent);
    }
}
