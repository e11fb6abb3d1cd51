using UpstreamMonitor.Components.Charts;
using UpstreamMonitor.History;

namespace UpstreamMonitor.Tests.Components.Charts;

public sealed class FinalityChartModelTests
{
    private static readonly TimeSpan Slot = TimeSpan.FromSeconds(4);

    [Fact]
    public void A_linear_scale_maps_the_domain_onto_the_range_and_a_flat_domain_onto_its_middle()
    {
        var scale = new LinearScale(100, 200, 0, 50);

        Assert.Equal(0, scale.Map(100));
        Assert.Equal(25, scale.Map(150));
        Assert.Equal(50, scale.Map(200));
        Assert.Equal(25, new LinearScale(7, 7, 0, 50).Map(7));
    }

    [Fact]
    public void A_null_breaks_the_line_into_a_new_move()
    {
        var d = SvgPath.Line([(0, 10), (1, 11.26), (2, null), (3, 13)]);

        Assert.Equal("M0 10 L1 11.3 M3 13", d);
    }

    [Fact]
    public void The_ideal_slope_starts_at_the_first_finalized_point_and_climbs_one_slot_per_slot_duration()
    {
        // 400 s at 4 s slots: the ideal ends 100 slots above the start, which sets the top of the slot axis.
        var points = new[] { new FinalityPoint(0, 1000, 1004, 1008), new FinalityPoint(200_000, 1000, 1004, 1010) };

        var chart = FinalityChartModel.Build(points, 0, 400_000, Slot, width: 476, height: 140);

        // x: 64..464 px for 0..400 s; y: 112..12 px for slots 1000..1100.
        Assert.Equal("M64 112 L464 12", chart.IdealPath);
        Assert.Equal("M64 112 L264 112", chart.FinalizedPath);
        Assert.Equal("1,100", chart.SlotTicks[^1].Label);
        Assert.False(chart.IsEmpty);
    }

    [Fact]
    public void A_stall_stays_flat_while_the_ideal_climbs_away()
    {
        var points = Enumerable.Range(0, 10).Select(i => new FinalityPoint(i * 60_000L, 500, 504, 508 + (i * 15L))).ToList();

        var chart = FinalityChartModel.Build(points, 0, 600_000, Slot);

        var finalizedYs = chart.FinalizedPath.Split(' ').Where((_, i) => i % 2 == 1).Distinct().ToList();
        Assert.Single(finalizedYs);
        Assert.NotEqual(chart.IdealPath.Split(' ')[1], chart.IdealPath.Split(' ')[^1]);
    }

    [Fact]
    public void No_points_give_an_empty_chart_without_an_ideal()
    {
        var chart = FinalityChartModel.Build([], 0, 3_600_000, Slot);

        Assert.True(chart.IsEmpty);
        Assert.Equal(string.Empty, chart.IdealPath);
    }

    [Fact]
    public void An_empty_or_backwards_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FinalityChartModel.Build([], 10, 10, Slot));
    }

    [Theory]
    [InlineData("1h", 1)]
    [InlineData("7D", 168)]
    [InlineData("bogus", 24)]
    [InlineData(null, 24)]
    public void Ranges_parse_by_name_and_fall_back_to_a_day(string? name, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), HistoryRanges.Parse(name).Span);
    }
}
