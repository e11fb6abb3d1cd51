using Bunit;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.CheckpointSync;
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

    [Fact]
    public void Flags_finality_that_moved_back_with_the_slot_it_moved_back_from_and_shows_the_lower_one()
    {
        var snapshot = Regressed(DashboardSnapshots.AllHealthy(), fromSlot: 112);

        var cut = RenderPanel(snapshot);

        var flag = cut.Find("[data-checkpoint=finalized] [data-regression]");
        Assert.Equal("alert", flag.GetAttribute("role"));
        Assert.Contains("finality moved back from slot 112", flag.TextContent, StringComparison.Ordinal);
        Assert.Equal("104", cut.Find("[data-checkpoint=finalized] .slot-number").TextContent);
        Assert.Empty(RenderPanel(DashboardSnapshots.AllHealthy()).FindAll("[data-regression]"));
    }

    [Fact]
    public void After_finality_moved_back_the_pair_of_the_left_view_is_marked_and_one_vouched_since_is_not()
    {
        var snapshot = Regressed(DashboardSnapshots.AllHealthy(), fromSlot: 112);
        var steppedBack = snapshot.Status.Regression!.LatestStepAt;
        var cache = new FinalizedStateCache();
        Services.AddSingleton<IFinalizedStateCache>(cache);

        Store(cache, 112, steppedBack.AddSeconds(-30));
        var left = RenderPanel(snapshot).Find("[data-serving]");
        Store(cache, 106, steppedBack);
        var since = RenderPanel(snapshot).Find("[data-serving]");
        var ahead = RenderPanel(DashboardSnapshots.AllHealthy()).Find("[data-serving]");

        Assert.Contains("differs", left.ClassList);
        Assert.Contains("112", left.QuerySelector(".serving-slot")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("agrees", since.ClassList);
        Assert.Contains("agrees", ahead.ClassList);
    }

    private static MonitorSnapshot Regressed(MonitorSnapshot snapshot, long fromSlot)
    {
        var at = snapshot.Status.LastUpdated!.Value;
        var finalized = snapshot.Status.Chain.Finalized;
        return snapshot with
        {
            Status = snapshot.Status with { Regression = new FinalityRegression(fromSlot, DashboardSnapshots.Root((int)fromSlot), finalized.Slot!.Value, finalized.Root!, at, at) },
        };
    }

    private static void Store(FinalizedStateCache cache, long slot, DateTimeOffset vouchedAsOf) => cache.Store(
        new CachedCheckpointArtifact(slot, DashboardSnapshots.Root((int)slot), [1, 2, 3], "zeam_0", vouchedAsOf),
        block: null,
        stateRoot: null,
        vouchedAsOf);
}
