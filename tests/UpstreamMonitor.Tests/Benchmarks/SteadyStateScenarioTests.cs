using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Scenarios;

namespace UpstreamMonitor.Tests.Benchmarks;

public class SteadyStateScenarioTests
{
    private static List<FootprintSample> At(params long[] rounds) =>
        [.. rounds.Select(r => new FootprintSample(r, 20, 1000, 1, 1))];

    [Fact]
    public void A_short_run_skips_its_first_checkpoint_which_still_fills_the_pool()
    {
        Assert.Equal(1, SteadyStateScenario.WarmIndex(At(50, 100, 150, 500), rounds: 500));
    }

    [Fact]
    public void A_long_run_with_sparse_checkpoints_starts_at_its_first_past_a_tenth()
    {
        Assert.Equal(0, SteadyStateScenario.WarmIndex(At(250, 500, 750, 2000), rounds: 2000));
    }

    [Fact]
    public void Two_checkpoints_always_leave_one_to_compare_against()
    {
        Assert.Equal(0, SteadyStateScenario.WarmIndex(At(2, 3), rounds: 500));
    }

    [Fact]
    public void Only_the_mode_the_container_ships_runs_two_thousand_rounds()
    {
        var shipped = Assert.Single(SteadyStateScenario.GcModes, m => m.Ships);

        Assert.Equal(2_000, shipped.Rounds);
        Assert.Equal(250, shipped.CheckpointEvery);
        Assert.All(SteadyStateScenario.GcModes.Where(m => !m.Ships), m => Assert.Equal(500, m.Rounds));
    }
}
