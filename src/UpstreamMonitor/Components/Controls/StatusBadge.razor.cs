using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>An upstream's poll state as icon + word + colour; the word alone is enough.</summary>
public sealed partial class StatusBadge : ComponentBase
{
    [Parameter]
    public UpstreamPollState State { get; set; }

    /// <summary>Optional detail for the hover text (the last error).</summary>
    [Parameter]
    public string? Title { get; set; }

    private string Label => UpstreamPresentation.StateLabel(State);

    private StatusIconKind Icon => State switch
    {
        UpstreamPollState.Ok => StatusIconKind.Check,
        UpstreamPollState.Error => StatusIconKind.Cross,
        UpstreamPollState.Timeout => StatusIconKind.Clock,
        UpstreamPollState.Skipped => StatusIconKind.Skip,
        UpstreamPollState.InFlight => StatusIconKind.InFlight,
        _ => StatusIconKind.Pending,
    };

    private string Css => State switch
    {
        UpstreamPollState.Ok => "ok",
        UpstreamPollState.Error or UpstreamPollState.Timeout => "bad",
        UpstreamPollState.Skipped or UpstreamPollState.InFlight => "warn",
        _ => "neutral",
    };
}
