using Microsoft.Extensions.Logging;
using UpstreamMonitor.Consensus;
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
    public void The_first_error_names_a_skipped_upstream_when_nothing_else_failed_first()
    {
        IReadOnlyList<UpstreamStatus> rows = [Failed("a", UpstreamPollState.Skipped, null), Failed("b", UpstreamPollState.Error, "HTTP 503 Service Unavailable")];

        Assert.Equal("all upstreams failed: skipped (round deadline reached before dispatch)", MonitorStatusTracker.NoConsensusReason(rows));
        Assert.Equal("all upstreams failed: no upstreams configured", MonitorStatusTracker.NoConsensusReason([]));
    }

    [Fact]
    public void A_lower_finalized_consensus_is_a_regression_logged_counted_and_never_published()
    {
        var tracker = new MonitorStatusTracker(new DefaultConsensusRule(), _log);
        IReadOnlyList<UpstreamStatus> at40 = [Ok("a", 40), Ok("b", 40), Ok("c", 40)];
        tracker.Update(ConsensusCalculator.Compute(at40, 50), at40, T0);

        // A majority restarted from an old database and now agrees on slot 36.
        IReadOnlyList<UpstreamStatus> at36 = [Ok("a", 36, 'e', headRoot: 'k'), Ok("b", 36, 'e', headRoot: 'k'), Ok("c", 40)];
        var published = tracker.Update(ConsensusCalculator.Compute(at36, 50), at36, T0.AddSeconds(10));

        Assert.Null(published.Finalized);
        Assert.Null(published.Head);
        Assert.All(published.FinalizedForks, f => Assert.False(f.IsMajority));
        var status = tracker.Current;
        Assert.Equal((40L, Root('f'), Root('h')), (status.Chain.Finalized.Slot, status.Chain.Finalized.Root, status.Chain.Head.Root));
        Assert.Equal(1, status.FinalityRegressions);
        Assert.Equal(T0, status.LastSuccess);
        Assert.Contains("regressed", status.LastError, StringComparison.Ordinal);
        var warning = Assert.Single(_log.At(LogLevel.Warning));
        Assert.Contains("36", warning, StringComparison.Ordinal);

        var annotated = tracker.Annotate(at36, published);
        Assert.Equal([false, false, true], annotated.Select(r => r.InConsensus));

        // Moving forward again is fine.
        IReadOnlyList<UpstreamStatus> at44 = [Ok("a", 44, 'g'), Ok("b", 44, 'g'), Ok("c", 44, 'g')];
        Assert.NotNull(tracker.Update(ConsensusCalculator.Compute(at44, 50), at44, T0.AddSeconds(20)).Finalized);
        Assert.Equal(44, tracker.Current.Chain.Finalized.Slot);
        Assert.Equal(1, tracker.Current.FinalityRegressions);
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
