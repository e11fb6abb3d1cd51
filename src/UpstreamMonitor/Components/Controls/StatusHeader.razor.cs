using System.Globalization;
using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>Operational / Degraded / No consensus / Stale, with the time since the last consensus.</summary>
public sealed partial class StatusHeader : ComponentBase
{
    [Parameter, EditorRequired]
    public MonitorSnapshot Snapshot { get; set; } = default!;

    /// <summary>The dashboard's ticking clock, so "ago" and staleness move between snapshots.</summary>
    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    private FleetHealth Health { get; set; } = default!;

    protected override void OnParametersSet() => Health = FleetHealth.Evaluate(Snapshot, Now);

    private StatusIconKind Icon => Health.Condition switch
    {
        FleetCondition.Operational => StatusIconKind.Check,
        FleetCondition.Degraded => StatusIconKind.Warning,
        FleetCondition.NoConsensus => StatusIconKind.Fork,
        FleetCondition.Stale => StatusIconKind.Clock,
        _ => StatusIconKind.Pending,
    };

    private string ConditionCss => Health.Condition switch
    {
        FleetCondition.Operational => "ok",
        FleetCondition.Degraded => "warn",
        FleetCondition.Starting => "neutral",
        _ => "bad",
    };

    private string Detail
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var snapshot = Snapshot;
            var threshold = snapshot.Consensus.ThresholdPercent;
            return Health.Condition switch
            {
                FleetCondition.Starting => "Waiting for the first poll round to finish.",
                FleetCondition.Operational => string.Create(c,
                    $"All {Health.Total} upstreams answered; more than {threshold}% agree on the finalized checkpoint."),
                FleetCondition.Degraded => DegradedDetail(c),
                FleetCondition.NoConsensus when Health.Total == 0 => "No upstreams are configured.",
                FleetCondition.NoConsensus => snapshot.Status.LastError
                    ?? string.Create(c, $"No finalized checkpoint has more than {threshold}% of {Health.Total} upstreams."),
                _ => StaleDetail(c, snapshot),
            };
        }
    }

    private string DegradedDetail(CultureInfo c)
    {
        var parts = new List<string>(3);
        if (Health.Failing > 0)
        {
            parts.Add(string.Create(c, $"{Health.Failing} failing"));
        }

        if (Health.NotPolled > 0)
        {
            parts.Add(string.Create(c, $"{Health.NotPolled} not polled"));
        }

        if (Health.OffConsensus > 0)
        {
            parts.Add(string.Create(c, $"{Health.OffConsensus} on a minority fork"));
        }

        return string.Create(c, $"{string.Join(", ", parts)} of {Health.Total} upstreams; consensus holds.");
    }

    private string StaleDetail(CultureInfo c, MonitorSnapshot snapshot)
    {
        var reason = snapshot.Status.LastSuccess is { } success
            ? string.Create(c, $"No consensus for {RelativeTime.Span(Now - success)} (stale after {RelativeTime.Span(snapshot.StaleAfter)}).")
            : "No consensus reached since the monitor started.";
        return snapshot.Status.LastError is { } error ? $"{reason} {error}" : reason;
    }
}
