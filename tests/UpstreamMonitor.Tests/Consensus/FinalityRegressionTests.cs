using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Alerts.Detection;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Http;
using UpstreamMonitor.Tests.Polling.Support;
using static UpstreamMonitor.Tests.Consensus.ConsensusRows;

namespace UpstreamMonitor.Tests.Consensus;

/// <summary>Finality moving back (decision 0903) as the poller publishes it, read by the alerts feature from the snapshot.</summary>
public sealed class FinalityRegressionTests
{
    private readonly FakeTimeProvider _time = new(TestSnapshots.Start);
    private readonly DefaultConsensusRule _rule = new();
    private readonly MonitorStatusTracker _tracker;

    public FinalityRegressionTests() => _tracker = new MonitorStatusTracker(_rule, new ListLogger<MonitorStatusTracker>());

    [Fact]
    public void The_finality_regressed_alert_fires_from_the_published_flag_and_resolves_when_finality_is_back()
    {
        var detector = new AlertDetector(new AlertOptions(), _time);
        IReadOnlyList<UpstreamStatus> at40 = [Ok("a", 40), Ok("b", 40), Ok("c", 40)];
        IReadOnlyList<UpstreamStatus> at36 = [Ok("a", 36, 'e'), Ok("b", 36, 'e'), Ok("c", 40)];
        IReadOnlyList<UpstreamStatus> at41 = [Ok("a", 41, 'g'), Ok("b", 41, 'g'), Ok("c", 41, 'g')];

        var first = detector.Observe(Observe(1, at40));
        var regressed = Publish(2, at36);
        var fired = detector.Observe(SnapshotTranslation.ToObservation(regressed)!);
        var resolved = detector.Observe(Observe(3, at41));

        Assert.Empty(first.Fired);
        Assert.Equal(36, regressed.Consensus.Finalized!.Slot);
        Assert.Equal(36, regressed.Status.Chain.Finalized.Slot);
        Assert.Equal(40, regressed.Status.Regression!.FromSlot);
        var alert = Assert.Single(fired.Fired);
        Assert.Equal(AlertKind.FinalityRegressed, alert.Kind);
        Assert.Equal((36L, Root('e'), 40L, Root('f')), (alert.Slot!.Value, alert.Root, alert.MajoritySlot!.Value, alert.MajorityRoot));
        Assert.Equal(alert.Id, Assert.Single(resolved.Resolved).Id);
        Assert.Null(_tracker.Current.Regression);
    }

    private FleetObservation Observe(long round, IReadOnlyList<UpstreamStatus> rows) => SnapshotTranslation.ToObservation(Publish(round, rows))!;

    /// <summary>What the poll engine publishes for a round: the tracker's consensus and status over the annotated rows.</summary>
    private MonitorSnapshot Publish(long round, IReadOnlyList<UpstreamStatus> rows)
    {
        _time.Advance(TimeSpan.FromSeconds(4));
        var consensus = _tracker.Update(_rule.Decide(rows, 50), rows, _time.GetUtcNow());
        var baseline = TestSnapshots.Round(round, _time.GetUtcNow(), [.. rows]);
        return baseline with { Consensus = consensus, Status = _tracker.Current, Upstreams = _tracker.Annotate(rows, consensus) };
    }
}
