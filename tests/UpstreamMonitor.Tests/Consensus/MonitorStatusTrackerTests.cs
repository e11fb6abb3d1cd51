using Microsoft.Extensions.Logging;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Polling.Support;
using static UpstreamMonitor.Tests.Consensus.ConsensusRows;

namespace UpstreamMonitor.Tests.Consensus;

public sealed class MonitorStatusTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ListLogger<MonitorStatusTracker> _log = new();

    [Fact]
    public void A_round_with_finalized_consensus_sets_slots_roots_and_last_success()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        IReadOnlyList<UpstreamStatus> rows = [Ok("a", 40), Ok("b", 40), Ok("c", 40, head: 47)];

        var consensus = tracker.Update(ConsensusCalculator.Compute(rows, 50), rows, T0);

        var status = tracker.Current;
        Assert.Equal((40L, Root('f'), 44L, Root('j'), 48L, Root('h')), (status.Chain.Finalized.Slot, status.Chain.Finalized.Root, status.Chain.Justified.Slot, status.Chain.Justified.Root, status.Chain.Head.Slot!.Value, status.Chain.Head.Root));
        Assert.Equal(T0, status.LastSuccess);
        Assert.Equal(T0, status.LastUpdated);
        Assert.Equal(0, status.ErrorCount);
        Assert.Null(status.LastError);

        var annotated = tracker.Annotate(rows, consensus);
        Assert.All(annotated, r => Assert.True(r.InConsensus));
        Assert.Equal([0L, 0L, 1L], annotated.Select(r => r.LagSlots!.Value));
    }

    [Fact]
    public void Rounds_without_consensus_count_and_keep_the_last_values_with_leanpoint_messages()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        IReadOnlyList<UpstreamStatus> good = [Ok("a", 40), Ok("b", 40), Ok("c", 40)];
        tracker.Update(ConsensusCalculator.Compute(good, 50), good, T0);

        IReadOnlyList<UpstreamStatus> allDown = [Failed("a", error: "connection refused"), Failed("b", UpstreamPollState.Timeout, "timeout (abandoned)"), Failed("c", UpstreamPollState.Skipped, null)];
        tracker.Update(ConsensusCalculator.Compute(allDown, 50), allDown, T0.AddSeconds(10));
        Assert.Equal("all upstreams failed: connection refused", tracker.Current.LastError);

        IReadOnlyList<UpstreamStatus> someDown = [Ok("a", 40), Failed("b"), Failed("c", UpstreamPollState.Timeout)];
        tracker.Update(ConsensusCalculator.Compute(someDown, 50), someDown, T0.AddSeconds(20));
        Assert.Equal("2/3 upstreams unreachable, no consensus", tracker.Current.LastError);

        IReadOnlyList<UpstreamStatus> split = [Ok("a", 40), Ok("b", 41, 'g'), Ok("c", 42, 'i')];
        tracker.Update(ConsensusCalculator.Compute(split, 50), split, T0.AddSeconds(30));
        Assert.Equal("no consensus reached among upstreams", tracker.Current.LastError);

        var status = tracker.Current;
        Assert.Equal(3, status.ErrorCount);
        Assert.Equal(40, status.Chain.Finalized.Slot); // last published value persists
        Assert.Equal(T0, status.LastSuccess);
        Assert.Equal(T0.AddSeconds(30), status.LastUpdated);
        Assert.True(status.IsStale(T0.AddSeconds(30), TimeSpan.FromSeconds(29)));
        Assert.False(status.IsStale(T0.AddSeconds(30), TimeSpan.FromSeconds(30)));

        tracker.Update(ConsensusCalculator.Compute(good, 50), good, T0.AddSeconds(40));
        Assert.Null(tracker.Current.LastError);
        Assert.Equal(3, tracker.Current.ErrorCount); // rounds without consensus, since start
    }

    [Fact]
    public void A_restored_status_carries_the_previous_runs_checkpoints_last_success_and_error_count_into_the_first_round()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        var earlier = new ChainCheckpoints(new ObservedCheckpoint(48, Root('h')), new ObservedCheckpoint(44, Root('j')), new ObservedCheckpoint(40, Root('f')));
        tracker.Restore(earlier, T0.AddMinutes(-5), 7);

        IReadOnlyList<UpstreamStatus> allDown = [Failed("a"), Failed("b"), Failed("c")];
        tracker.Update(ConsensusCalculator.Compute(allDown, 50), allDown, T0);

        var status = tracker.Current;
        Assert.Equal(earlier, status.Chain);
        Assert.Equal(T0.AddMinutes(-5), status.LastSuccess);
        Assert.Equal(8, status.ErrorCount);
        Assert.Equal(T0, status.LastUpdated);
    }

    [Fact]
    public void After_a_restart_a_lower_first_majority_is_taken_as_it_is_but_a_later_step_back_is_flagged()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        tracker.Restore(new ChainCheckpoints(default, new ObservedCheckpoint(904, Root('j')), new ObservedCheckpoint(900, Root('f'))), T0.AddHours(-2), 0);

        // The devnet was started afresh while the monitor was down: slot 40 is no regression from the old run's 900.
        IReadOnlyList<UpstreamStatus> fresh = [Ok("a", 40), Ok("b", 40), Ok("c", 40)];
        tracker.Update(ConsensusCalculator.Compute(fresh, 50), fresh, T0);
        Assert.Equal(40, tracker.Current.Chain.Finalized.Slot);
        Assert.Null(tracker.Current.Regression);
        Assert.Equal(0, tracker.Current.FinalityRegressions);

        IReadOnlyList<UpstreamStatus> back = [Ok("a", 36, 'e'), Ok("b", 36, 'e'), Ok("c", 36, 'e')];
        tracker.Update(ConsensusCalculator.Compute(back, 50), back, T0.AddSeconds(4));
        Assert.Equal(40, tracker.Current.Regression!.FromSlot);
    }

    [Fact]
    public void A_restore_that_arrives_after_this_runs_first_round_is_ignored()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        IReadOnlyList<UpstreamStatus> good = [Ok("a", 40), Ok("b", 40), Ok("c", 40)];
        tracker.Update(ConsensusCalculator.Compute(good, 50), good, T0);

        tracker.Restore(new ChainCheckpoints(default, default, new ObservedCheckpoint(12, Root('e'))), T0.AddHours(-1), 99);
        tracker.Update(ConsensusCalculator.Compute(good, 50), good, T0.AddSeconds(4));

        Assert.Equal(40, tracker.Current.Chain.Finalized.Slot);
        Assert.Equal(0, tracker.Current.ErrorCount);
    }

    [Fact]
    public void The_first_error_names_a_skipped_upstream_when_nothing_else_failed_first()
    {
        IReadOnlyList<UpstreamStatus> rows = [Failed("a", UpstreamPollState.Skipped, null), Failed("b", UpstreamPollState.Error, "HTTP 503 Service Unavailable")];

        Assert.Equal("all upstreams failed: skipped (round deadline reached before dispatch)", MonitorStatusTracker.NoConsensusReason(rows));
        Assert.Equal("all upstreams failed: no upstreams configured", MonitorStatusTracker.NoConsensusReason([]));
    }

    [Fact]
    public void A_lower_finalized_consensus_is_published_as_the_majoritys_view_logged_counted_and_flagged()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        IReadOnlyList<UpstreamStatus> at40 = [Ok("a", 40), Ok("b", 40), Ok("c", 40)];
        tracker.Update(ConsensusCalculator.Compute(at40, 50), at40, T0);

        // leanSpec #1001: a reorg lowered latest_finalized on a majority, which now agrees on slot 36.
        IReadOnlyList<UpstreamStatus> at36 = [Ok("a", 36, 'e', headRoot: 'k'), Ok("b", 36, 'e', headRoot: 'k'), Ok("c", 40)];
        var published = tracker.Update(ConsensusCalculator.Compute(at36, 50), at36, T0.AddSeconds(10));

        Assert.Equal(new CheckpointVote(36, Root('e'), 2), published.Finalized);
        Assert.NotNull(published.Head);
        Assert.Contains(published.FinalizedForks, f => f.IsMajority && f.Root == Root('e'));
        var status = tracker.Current;
        Assert.Equal((36L, Root('e'), Root('k')), (status.Chain.Finalized.Slot, status.Chain.Finalized.Root, status.Chain.Head.Root));
        Assert.Equal(new FinalityRegression(40, Root('f'), 36, Root('e'), T0.AddSeconds(10), T0.AddSeconds(10)), status.Regression);
        Assert.Equal(1, status.FinalityRegressions);
        Assert.Equal(T0.AddSeconds(10), status.LastSuccess);
        Assert.Equal(0, status.ErrorCount);
        Assert.Null(status.LastError);
        var warning = Assert.Single(_log.At(LogLevel.Warning));
        Assert.Contains("finalized slot 36", warning, StringComparison.Ordinal);
        Assert.Contains("published 40", warning, StringComparison.Ordinal);

        // The majority on the lower checkpoint is the consensus now; the node still on 40 is not.
        var annotated = tracker.Annotate(at36, published);
        Assert.Equal([true, true, false], annotated.Select(r => r.InConsensus));

        // A second step back still names the highest slot finality had reached and when it first moved back.
        IReadOnlyList<UpstreamStatus> at32 = [Ok("a", 32, 'd'), Ok("b", 32, 'd'), Ok("c", 40)];
        tracker.Update(ConsensusCalculator.Compute(at32, 50), at32, T0.AddSeconds(20));
        Assert.Equal(new FinalityRegression(40, Root('f'), 32, Root('d'), T0.AddSeconds(10), T0.AddSeconds(20)), tracker.Current.Regression);
        Assert.Equal(2, tracker.Current.FinalityRegressions);
    }

    [Fact]
    public void The_regression_flag_stays_while_finality_is_below_where_it_was_and_clears_at_or_beyond_it()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        IReadOnlyList<UpstreamStatus> at40 = [Ok("a", 40), Ok("b", 40), Ok("c", 40)];
        IReadOnlyList<UpstreamStatus> at36 = [Ok("a", 36, 'e'), Ok("b", 36, 'e'), Ok("c", 36, 'e')];
        IReadOnlyList<UpstreamStatus> at38 = [Ok("a", 38, 'g'), Ok("b", 38, 'g'), Ok("c", 38, 'g')];
        IReadOnlyList<UpstreamStatus> split = [Ok("a", 39, 'i'), Ok("b", 38, 'g'), Failed("c")];
        IReadOnlyList<UpstreamStatus> back = [Ok("a", 40, 'i'), Ok("b", 40, 'i'), Ok("c", 40, 'i')];
        tracker.Update(ConsensusCalculator.Compute(at40, 50), at40, T0);
        tracker.Update(ConsensusCalculator.Compute(at36, 50), at36, T0.AddSeconds(10));

        tracker.Update(ConsensusCalculator.Compute(at38, 50), at38, T0.AddSeconds(20));
        var stillBelow = tracker.Current.Regression;
        tracker.Update(ConsensusCalculator.Compute(split, 50), split, T0.AddSeconds(30));
        var withoutMajority = tracker.Current.Regression;
        tracker.Update(ConsensusCalculator.Compute(back, 50), back, T0.AddSeconds(40));

        // Rising but still below 40 is not a new step back: the step time stays, the lower end follows the majority.
        Assert.Equal(new FinalityRegression(40, Root('f'), 38, Root('g'), T0.AddSeconds(10), T0.AddSeconds(10)), stillBelow);
        Assert.Equal(stillBelow, withoutMajority);
        Assert.Null(tracker.Current.Regression);
        Assert.Equal(1, tracker.Current.FinalityRegressions);
        Assert.Equal(40, tracker.Current.Chain.Finalized.Slot);
        Assert.Contains(_log.At(LogLevel.Information), m => m.Contains("Finality recovered", StringComparison.Ordinal) && m.Contains("slot 40", StringComparison.Ordinal));
    }

    [Fact]
    public void Failing_rows_are_never_in_consensus_and_lag_is_unknown_without_a_head()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        IReadOnlyList<UpstreamStatus> rows = [Ok("a", 40), Ok("b", 40), Failed("c"), Fallback("d", 40), Ok("e", 40)];
        var consensus = tracker.Update(ConsensusCalculator.Compute(rows, 50), rows, T0);

        var annotated = tracker.Annotate(rows, consensus);

        Assert.Equal([true, true, false, false, true], annotated.Select(r => r.InConsensus));
        Assert.Null(annotated[3].LagSlots);
    }
}
