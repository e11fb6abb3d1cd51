using UpstreamMonitor.Polling;

namespace UpstreamMonitor.Tests.Polling;

public sealed class NodeInfoScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Everything_is_due_until_a_first_read_then_every_n_rounds()
    {
        var schedule = new NodeInfoSchedule();
        Assert.Equal(NodeInfoRoutes.All, schedule.Plan(1, 10, Start));
        Assert.Equal(NodeInfoRoutes.All, schedule.Plan(2, 10, Start));

        schedule.Record(new NodeInfoReading { Answered = NodeInfoRoutes.All }, 2, Start);

        Assert.Equal(NodeInfoRoutes.None, schedule.Plan(3, 10, Start));
        Assert.Equal(NodeInfoRoutes.None, schedule.Plan(11, 10, Start));
        Assert.Equal(NodeInfoRoutes.All, schedule.Plan(12, 10, Start));
    }

    [Fact]
    public void A_404_route_is_left_out_until_the_retry_interval_passes_and_a_second_404_restarts_it()
    {
        var schedule = new NodeInfoSchedule();
        schedule.Record(new NodeInfoReading { Answered = NodeInfoRoutes.Genesis, NotServed = NodeInfoRoutes.Syncing | NodeInfoRoutes.Identity | NodeInfoRoutes.Version }, 1, Start);

        Assert.Equal(NodeInfoRoutes.Genesis, schedule.Plan(31, 30, Start.AddHours(1)));
        var later = Start + NodeInfoSchedule.NotServedRetry;
        Assert.Equal(NodeInfoRoutes.All, schedule.Plan(31, 30, later));

        schedule.Record(new NodeInfoReading { Answered = NodeInfoRoutes.Genesis | NodeInfoRoutes.Identity, NotServed = NodeInfoRoutes.Syncing }, 31, later);
        Assert.Equal(NodeInfoRoutes.Genesis | NodeInfoRoutes.Identity | NodeInfoRoutes.Version, schedule.Plan(61, 30, later.AddHours(1)));
    }

    [Fact]
    public void A_failure_makes_the_next_answer_read_every_route_again()
    {
        var schedule = new NodeInfoSchedule();
        schedule.Record(new NodeInfoReading { NotServed = NodeInfoRoutes.All }, 1, Start);
        Assert.Equal(NodeInfoRoutes.None, schedule.Plan(100, 30, Start.AddMinutes(5)));

        schedule.Failed();

        Assert.Equal(NodeInfoRoutes.All, schedule.Plan(101, 30, Start.AddMinutes(6)));
    }

    [Fact]
    public void A_deferred_read_keeps_the_other_routes_due_and_does_not_ask_genesis_again_until_they_are_read()
    {
        var schedule = new NodeInfoSchedule();
        schedule.Record(new NodeInfoReading { Answered = NodeInfoRoutes.Genesis, GenesisTime = 1, Deferred = true }, 1, Start);

        Assert.Equal(NodeInfoRoutes.All & ~NodeInfoRoutes.Genesis, schedule.Plan(2, 30, Start));

        schedule.Record(new NodeInfoReading { Answered = NodeInfoRoutes.Identity | NodeInfoRoutes.Syncing }, 2, Start);
        Assert.Equal(NodeInfoRoutes.None, schedule.Plan(3, 30, Start));
        Assert.Equal(NodeInfoRoutes.All, schedule.Plan(32, 30, Start));
    }
}
