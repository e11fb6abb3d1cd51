using Bunit;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Controls;

public sealed class StatusHeaderTests : BunitContext
{
    private IRenderedComponent<StatusHeader> RenderHeader(MonitorSnapshot snapshot, DateTimeOffset? now = null) =>
        Render<StatusHeader>(p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Now, now ?? DashboardSnapshots.Now));

    [Fact]
    public void Loading_snapshot_says_starting_and_waits_for_the_first_round()
    {
        var cut = RenderHeader(DashboardSnapshots.Loading());

        Assert.Equal("Starting", cut.Find("h1").TextContent);
        Assert.Contains("Waiting for the first poll round", cut.Find(".detail").TextContent, StringComparison.Ordinal);
        Assert.Equal("never", cut.Find(".since-consensus").TextContent);
    }

    [Fact]
    public void All_healthy_is_operational_with_time_since_consensus()
    {
        var cut = RenderHeader(DashboardSnapshots.AllHealthy(4));

        Assert.Equal("Operational", cut.Find("h1").TextContent);
        Assert.Equal("1 s ago", cut.Find(".since-consensus").TextContent);
        Assert.Equal("Operational", cut.Find("section").GetAttribute("data-condition"));
        Assert.Contains("All 4 upstreams answered", cut.Find(".detail").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Failing_and_skipped_upstreams_make_it_degraded_with_counts()
    {
        var cut = RenderHeader(DashboardSnapshots.Abandoned());

        Assert.Equal("Degraded", cut.Find("h1").TextContent);
        // Two timeouts and one still in flight fail; the skipped one was never polled.
        Assert.Contains("3 failing, 1 not polled of 7 upstreams", cut.Find(".detail").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minority_fork_makes_it_degraded()
    {
        var cut = RenderHeader(DashboardSnapshots.Forked());

        Assert.Equal("Degraded", cut.Find("h1").TextContent);
        Assert.Contains("2 on a minority fork", cut.Find(".detail").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Stale_shows_how_long_without_consensus_and_why()
    {
        var cut = RenderHeader(DashboardSnapshots.Stale());

        Assert.Equal("Stale", cut.Find("h1").TextContent);
        var detail = cut.Find(".detail").TextContent;
        Assert.Contains("No consensus for 2 min (stale after 30 s)", detail, StringComparison.Ordinal);
        Assert.Contains("only 1 of 3 upstreams agree", detail, StringComparison.Ordinal);
        Assert.Equal("2 min ago", cut.Find(".since-consensus").TextContent);
    }

    [Fact]
    public void Healthy_snapshot_turns_stale_as_the_clock_moves_past_the_threshold()
    {
        var snapshot = DashboardSnapshots.AllHealthy(4);

        var cut = RenderHeader(snapshot, DashboardSnapshots.Now.AddSeconds(45));

        Assert.Equal("Stale", cut.Find("h1").TextContent);
        Assert.Equal("46 s ago", cut.Find(".since-consensus").TextContent);
    }

    [Fact]
    public void No_upstreams_is_no_consensus_and_says_so()
    {
        var cut = RenderHeader(DashboardSnapshots.NoUpstreams() with
        {
            Status = new MonitorStatus { LastSuccess = DashboardSnapshots.Now.AddSeconds(-5), LastError = "no upstreams configured" },
        });

        Assert.Equal("No consensus", cut.Find("h1").TextContent);
        Assert.Equal("No upstreams are configured.", cut.Find(".detail").TextContent);
    }

    [Fact]
    public void Condition_is_given_by_text_and_icon_not_colour_alone()
    {
        var cut = RenderHeader(DashboardSnapshots.Stale());

        Assert.NotEmpty(cut.FindAll(".icon-disc svg path, .icon-disc svg circle"));
        Assert.False(string.IsNullOrWhiteSpace(cut.Find("h1").TextContent));
    }
}
