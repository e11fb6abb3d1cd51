using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Alerts.Detection;
using UpstreamMonitor.Tests.Http;
using static UpstreamMonitor.Tests.Alerts.Detection.Fleet;

namespace UpstreamMonitor.Tests.Alerts.Detection;

public sealed class AlertDetectorTests
{
    private readonly FakeTimeProvider _time = new(TestSnapshots.Start);
    private readonly AlertOptions _options = new();

    private AlertDetector NewDetector() => new(_options, _time);

    [Fact]
    public void Finality_stall_fires_after_sixteen_slots_and_resolves_when_finality_advances()
    {
        _options.JustificationStallSlots = 1_000;
        var detector = NewDetector();
        long round = 1;
        detector.Observe(Healthy(round++, finalized: 36, head: 44));

        // 15 slots of 4 s later: not yet; the head keeps moving, finality does not.
        _time.Advance(TimeSpan.FromSeconds(4 * 15));
        Assert.Empty(detector.Observe(Healthy(round++, finalized: 36, head: 59)).Fired);

        _time.Advance(TimeSpan.FromSeconds(4));
        var fired = Assert.Single(detector.Observe(Healthy(round++, finalized: 36, head: 60)).Fired);
        Assert.Equal(AlertKind.FinalityStalled, fired.Kind);
        Assert.Equal(AlertSeverity.Critical, fired.Severity);
        Assert.Equal(36, fired.Slot);
        Assert.Equal(Root(36), fired.Root);
        Assert.Equal("finalized", fired.Checkpoint);
        Assert.Equal(_time.GetUtcNow(), fired.FirstSeen);
        Assert.Equal("Consensus finalized slot stuck at 36 for 64 s (16 slots or more)", fired.Summary);
        Assert.StartsWith("finality_stalled-", fired.Id, StringComparison.Ordinal);
        Assert.Contains(detector.Active, a => a.Id == fired.Id);

        // Still stalled: no second alert.
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Empty(detector.Observe(Healthy(round++, finalized: 36, head: 70)).Fired);

        _time.Advance(TimeSpan.FromSeconds(4));
        var resolved = Assert.Single(detector.Observe(Healthy(round++, finalized: 40, head: 71)).Resolved);
        Assert.Equal(fired.Id, resolved.Id);
        Assert.Equal(_time.GetUtcNow(), resolved.ResolvedAt);
        Assert.DoesNotContain(detector.Active, a => a.Kind == AlertKind.FinalityStalled);
    }

    [Fact]
    public void Slot_time_is_configurable()
    {
        _options.SlotMs = 12_000;
        _options.JustificationStallSlots = 1_000;
        var detector = NewDetector();
        detector.Observe(Healthy(1, finalized: 36, head: 44));
        _time.Advance(TimeSpan.FromSeconds(4 * 16));
        Assert.Empty(detector.Observe(Healthy(2, finalized: 36, head: 60)).Fired);

        _time.Advance(TimeSpan.FromSeconds((12 * 16) - (4 * 16)));
        Assert.Equal(AlertKind.FinalityStalled, Assert.Single(detector.Observe(Healthy(3, finalized: 36, head: 76)).Fired).Kind);
    }

    [Fact]
    public void Justification_and_head_stalls_use_their_own_thresholds()
    {
        var detector = NewDetector();
        detector.Observe(Healthy(1, finalized: 36, head: 44));

        // A halted chain: nothing moves. Head fires at 4 slots, justification at 8, finality at 16.
        _time.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal([AlertKind.HeadStalled], detector.Observe(Healthy(2, finalized: 36, head: 44)).Fired.Select(a => a.Kind));
        _time.Advance(TimeSpan.FromSeconds(16));
        var justification = Assert.Single(detector.Observe(Healthy(3, finalized: 36, head: 44)).Fired);
        Assert.Equal(AlertKind.JustificationStalled, justification.Kind);
        Assert.Equal(AlertSeverity.Warning, justification.Severity);
        Assert.Equal(40, justification.Slot);
        _time.Advance(TimeSpan.FromSeconds(32));
        Assert.Equal([AlertKind.FinalityStalled], detector.Observe(Healthy(4, finalized: 36, head: 44)).Fired.Select(a => a.Kind));
        Assert.Equal(3, detector.Active.Count);
    }

    [Fact]
    public void Consensus_lost_needs_two_rounds_without_a_majority_and_two_with_one_to_resolve()
    {
        var detector = NewDetector();
        detector.Observe(Healthy(1, finalized: 36));
        Assert.Empty(detector.Observe(NoMajority(2)).Fired);
        var fired = Assert.Single(detector.Observe(NoMajority(3)).Fired);
        Assert.Equal(AlertKind.ConsensusLost, fired.Kind);
        Assert.Equal("No finalized majority for 2 rounds (1 of 3 upstreams answering)", fired.Summary);

        // One good round between bad ones does not clear it (damping).
        Assert.Empty(detector.Observe(Healthy(4, finalized: 36)).Resolved);
        Assert.Empty(detector.Observe(NoMajority(5)).Resolved);
        Assert.Empty(detector.Observe(Healthy(6, finalized: 36)).Resolved);
        Assert.Equal(fired.Id, Assert.Single(detector.Observe(Healthy(7, finalized: 36)).Resolved).Id);
    }

    [Fact]
    public void A_round_published_twice_is_evaluated_once()
    {
        var detector = NewDetector();
        detector.Observe(Healthy(1, finalized: 36));
        detector.Observe(NoMajority(2));
        Assert.Empty(detector.Observe(NoMajority(2)).Fired);
        Assert.Single(detector.Observe(NoMajority(3)).Fired);
    }

    [Fact]
    public void Upstream_down_after_three_failures_and_up_after_two_successes()
    {
        var detector = NewDetector();
        Assert.Empty(detector.Observe(Healthy(1, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Down("qlean_0"))).Fired);
        Assert.Empty(detector.Observe(Healthy(2, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Down("qlean_0"))).Fired);

        // A round it was not polled in (skipped at the deadline) is no evidence either way.
        Assert.Empty(detector.Observe(Healthy(3, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Skipped("qlean_0"))).Fired);
        var down = Assert.Single(detector.Observe(Healthy(4, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Down("qlean_0"))).Fired);
        Assert.Equal(AlertKind.UpstreamDown, down.Kind);
        Assert.Equal(["qlean_0"], down.Upstreams);
        Assert.Equal("upstream_down/qlean_0", down.Key);

        Assert.Empty(detector.Observe(Healthy(5, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Up("qlean_0", 44))).Resolved);
        Assert.Empty(detector.Observe(Healthy(6, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Down("qlean_0"))).Resolved);
        Assert.Empty(detector.Observe(Healthy(7, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Up("qlean_0", 44))).Resolved);
        Assert.Equal(down.Id, Assert.Single(detector.Observe(Healthy(8, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Up("qlean_0", 44))).Resolved).Id);
    }

    [Fact]
    public void An_upstream_removed_from_the_configuration_resolves_its_alerts()
    {
        var detector = NewDetector();
        for (var round = 1; round <= 3; round++)
        {
            detector.Observe(Healthy(round, 36, null, Up("zeam_0", 44), Up("ream_0", 44), Down("qlean_0")));
        }

        Assert.Single(detector.Active);
        var resolved = Assert.Single(detector.Observe(Healthy(4, 36, null, Up("zeam_0", 44), Up("ream_0", 44))).Resolved);
        Assert.Equal("upstream_down/qlean_0", resolved.Key);
    }

    [Fact]
    public void Lagging_fires_after_three_rounds_more_than_eight_slots_behind_and_resolves_within_eight()
    {
        var detector = NewDetector();
        FleetObservation Round(long n, long lag) => Healthy(n, 36, 60, Up("zeam_0", 60), Up("ream_0", 60), Up("qlean_0", 60 - lag, lag));

        Assert.Empty(detector.Observe(Round(1, 9)).Fired);
        Assert.Empty(detector.Observe(Round(2, 9)).Fired);
        var lagging = Assert.Single(detector.Observe(Round(3, 12)).Fired);
        Assert.Equal(AlertKind.UpstreamLagging, lagging.Kind);
        Assert.Equal(48, lagging.Slot);
        Assert.Equal(60, lagging.MajoritySlot);
        Assert.Equal("Upstream qlean_0 head 12 slots behind consensus (more than 8 for 3 rounds)", lagging.Summary);

        // Exactly eight behind is within the limit.
        Assert.Empty(detector.Observe(Round(4, 8)).Resolved);
        Assert.Single(detector.Observe(Round(5, 8)).Resolved);
    }

    [Fact]
    public void A_group_the_consensus_calls_a_fork_fires_but_a_group_behind_does_not()
    {
        var detector = NewDetector();
        FleetObservation Split(long round, long forkSlot, string forkRoot) => Healthy(36, 36) with
        {
            Round = round,
            HeadGroups =
            [
                new CheckpointGroup(44, Root(44), ["zeam_0", "ream_0", "qlean_0"], IsMajority: true),
                new CheckpointGroup(forkSlot, forkRoot, ["lantern_0", "gean_0"], IsMajority: false, IsFork: forkRoot != Root(forkSlot)),
            ],
        };

        // Behind on the same chain (the consensus feature's verdict): lagging territory, never a fork.
        Assert.Empty(detector.Observe(Split(1, 40, Root(40))).Fired);
        Assert.Empty(detector.Observe(Split(2, 40, Root(40))).Fired);

        Assert.Empty(detector.Observe(Split(3, 44, Root(9044))).Fired);
        var fork = Assert.Single(detector.Observe(Split(4, 45, Root(9045))).Fired);
        Assert.Equal(AlertKind.ForkDetected, fork.Kind);
        Assert.Equal(["lantern_0", "gean_0"], fork.Upstreams);
        Assert.Equal("head", fork.Checkpoint);
        Assert.Equal(45, fork.Slot);
        Assert.Equal(Root(9045), fork.Root);
        Assert.Equal(44, fork.MajoritySlot);
        Assert.Equal(Root(44), fork.MajorityRoot);

        // The group rejoins: resolved after two rounds without it.
        Assert.Empty(detector.Observe(Healthy(5, 36, 44)).Resolved);
        Assert.Equal(fork.Id, Assert.Single(detector.Observe(Healthy(6, 36, 44)).Resolved).Id);
    }

    [Fact]
    public void A_finalized_fork_is_reported_on_the_finalized_checkpoint()
    {
        var detector = NewDetector();
        FleetObservation Split(long round) => Healthy(round, 36) with
        {
            FinalizedGroups =
            [
                new CheckpointGroup(36, Root(36), ["zeam_0", "ream_0", "qlean_0"], IsMajority: true),
                new CheckpointGroup(36, Root(7036), ["gean_0"], IsMajority: false, IsFork: true),
            ],
        };

        detector.Observe(Split(1));
        var fork = Assert.Single(detector.Observe(Split(2)).Fired);
        Assert.Equal("finalized", fork.Checkpoint);
        Assert.Equal("fork_detected/finalized/gean_0", fork.Key);
    }

    [Fact]
    public void Finality_regression_fires_while_the_consensus_flags_it_and_resolves_when_the_flag_clears()
    {
        var detector = NewDetector();
        FleetObservation Regressed(long round, long finalized) =>
            Healthy(round, finalized) with { Regression = new FinalityStep(40, Root(40), new CheckpointRef(finalized, Root(finalized))) };

        Assert.Empty(detector.Observe(Healthy(1, finalized: 40)).Fired);
        var regressed = Assert.Single(detector.Observe(Regressed(2, 32)).Fired);
        Assert.Equal(AlertKind.FinalityRegressed, regressed.Kind);
        Assert.Equal(AlertSeverity.Critical, regressed.Severity);
        Assert.Equal("finality_regressed", regressed.Key);
        Assert.Equal(32, regressed.Slot);
        Assert.Equal(Root(32), regressed.Root);
        Assert.Equal(40, regressed.MajoritySlot);
        Assert.Equal(Root(40), regressed.MajorityRoot);
        Assert.Equal("Majority finalized checkpoint moved back from slot 40 to 32", regressed.Summary);

        // Still flagged, also through a round without any majority (the flag stays on the status): nothing new, nothing resolved.
        var still = detector.Observe(Regressed(3, 36));
        var split = detector.Observe(NoMajority(4) with { Regression = new FinalityStep(40, Root(40), new CheckpointRef(36, Root(36))) });
        Assert.Empty(still.Fired);
        Assert.Empty(still.Resolved);
        Assert.Empty(split.Resolved);
        Assert.Equal(regressed.Id, Assert.Single(detector.Active, a => a.Kind == AlertKind.FinalityRegressed).Id);
        Assert.Equal(regressed.Id, Assert.Single(detector.Observe(Healthy(5, finalized: 40)).Resolved, a => a.Kind == AlertKind.FinalityRegressed).Id);
        Assert.DoesNotContain(detector.Active, a => a.Kind == AlertKind.FinalityRegressed);
    }

    [Fact]
    public void A_lower_finalized_slot_alone_is_not_a_regression_the_consensus_rule_decides()
    {
        var detector = NewDetector();
        detector.Observe(Healthy(1, finalized: 40));

        Assert.DoesNotContain(detector.Observe(Healthy(2, finalized: 32)).Fired, a => a.Kind == AlertKind.FinalityRegressed);
    }

    [Fact]
    public void A_condition_that_returns_is_a_new_occurrence_with_a_new_id()
    {
        var detector = NewDetector();
        detector.Observe(Healthy(1, 36));
        detector.Observe(NoMajority(2));
        var first = Assert.Single(detector.Observe(NoMajority(3)).Fired);
        detector.Observe(Healthy(4, 36));
        detector.Observe(Healthy(5, 36));
        _time.Advance(TimeSpan.FromSeconds(1));
        detector.Observe(NoMajority(6));
        var second = Assert.Single(detector.Observe(NoMajority(7)).Fired);

        Assert.Equal(first.Key, second.Key);
        Assert.NotEqual(first.Id, second.Id);
    }
}
