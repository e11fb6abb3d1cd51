using UpstreamMonitor.Alerts.Detection;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Alerts.Detection;

public sealed class SnapshotTranslationTests
{
    [Fact]
    public void A_snapshot_before_the_first_round_has_nothing_to_evaluate() =>
        Assert.Null(SnapshotTranslation.ToObservation(MonitorSnapshot.Empty(TimeSpan.FromSeconds(30))));

    [Fact]
    public void Majorities_groups_and_poll_results_are_carried_over()
    {
        var at = TestSnapshots.Start;
        var snapshot = TestSnapshots.Round(
            7,
            at,
            TestSnapshots.Healthy("zeam_0", 44, 40, 36, round: 7),
            TestSnapshots.Healthy("ream_0", 44, 40, 36, round: 7),
            TestSnapshots.Healthy("gean_0", 30, 28, 24, round: 7),
            TestSnapshots.Unreachable("qlean_0", round: 7),
            TestSnapshots.Healthy("lantern_0", 44, 40, 36, round: 6) with { State = UpstreamPollState.Skipped, Healthy = false },
            TestSnapshots.Healthy("nlean_0", 44, 40, 36, round: 5) with { State = UpstreamPollState.InFlight, Healthy = false });

        var observation = SnapshotTranslation.ToObservation(snapshot)!;

        Assert.Equal(7, observation.Round);
        Assert.Equal(new CheckpointRef(36, TestSnapshots.Root(36)), observation.Finalized);
        Assert.Equal(new CheckpointRef(44, TestSnapshots.Root(44)), observation.Head);
        Assert.Contains(observation.FinalizedGroups, g => g.IsMajority && g.Slot == 36);
        Assert.Contains(observation.FinalizedGroups, g => !g.IsMajority && g.Slot == 24 && g.Upstreams.SequenceEqual(["gean_0"]));
        var results = observation.Upstreams.ToDictionary(u => u.Name, u => u.Result);
        Assert.Equal(UpstreamRoundResult.Succeeded, results["zeam_0"]);
        Assert.Equal(UpstreamRoundResult.Failed, results["qlean_0"]);
        Assert.Equal(UpstreamRoundResult.NotPolled, results["lantern_0"]);
        Assert.Equal(UpstreamRoundResult.Failed, results["nlean_0"]);
        Assert.Equal(14, observation.Upstreams.Single(u => u.Name == "gean_0").LagSlots);
    }

    [Fact]
    public void The_regression_the_consensus_flagged_is_carried_over_and_none_without_it()
    {
        var snapshot = TestSnapshots.Devnet(3, TestSnapshots.Start, finalized: 32);
        var regressed = snapshot with
        {
            Status = snapshot.Status with
            {
                Regression = new FinalityRegression(40, TestSnapshots.Root(40), 32, TestSnapshots.Root(32), TestSnapshots.Start, TestSnapshots.Start),
            },
        };

        var observation = SnapshotTranslation.ToObservation(regressed)!;

        Assert.Equal(new CheckpointRef(32, TestSnapshots.Root(32)), observation.Finalized);
        Assert.Equal(new FinalityStep(40, TestSnapshots.Root(40), new CheckpointRef(32, TestSnapshots.Root(32))), observation.Regression);
        Assert.Null(SnapshotTranslation.ToObservation(snapshot)!.Regression);
    }

    [Fact]
    public void A_group_is_a_fork_exactly_when_the_consensus_rule_says_so()
    {
        var snapshot = TestSnapshots.Devnet(3, TestSnapshots.Start, finalized: 32);
        var majority = snapshot.Consensus.FinalizedForks[0];
        var split = snapshot with
        {
            Consensus = snapshot.Consensus with
            {
                FinalizedForks =
                [
                    majority,
                    new ForkGroup(30, TestSnapshots.Root(7030), ["gean_0"], IsMajority: false, ConsensusStanding.Fork),
                    new ForkGroup(28, TestSnapshots.Root(28), ["ream_9"], IsMajority: false, ConsensusStanding.Behind),
                ],
            },
        };

        var groups = SnapshotTranslation.ToObservation(split)!.FinalizedGroups;

        Assert.False(groups.Single(g => g.IsMajority).IsFork);
        Assert.True(groups.Single(g => g.Upstreams.Contains("gean_0")).IsFork);
        Assert.False(groups.Single(g => g.Upstreams.Contains("ream_9")).IsFork);
    }
}
