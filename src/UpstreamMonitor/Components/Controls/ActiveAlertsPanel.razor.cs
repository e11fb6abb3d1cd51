using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Alerts;

namespace UpstreamMonitor.Components.Controls;

/// <summary>
/// The active alerts at the top of the dashboard, from the one read model (<see cref="ActiveAlerts"/>) that
/// <c>/api/alerts</c> serves. It re-renders when an alert fires or resolves, and its ages move with the page's clock.
/// </summary>
public sealed partial class ActiveAlertsPanel : ComponentBase, IDisposable
{
    private ActiveAlerts? _source;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    /// <summary>The page's clock, for the ages.</summary>
    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    private IReadOnlyList<AlertEvent> Alerts => _source is null
        ? []
        : [.. _source.Current.Where(a => a.IsActive).OrderByDescending(a => a.Severity).ThenBy(a => a.FirstSeen)];

    public void Dispose()
    {
        if (_source is not null)
        {
            _source.Changed -= OnChanged;
        }
    }

    protected override void OnInitialized()
    {
        // A host composed without alerts has no read model: the panel then shows nothing.
        _source = Services.GetService(typeof(ActiveAlerts)) as ActiveAlerts;
        if (_source is not null)
        {
            _source.Changed += OnChanged;
        }
    }

    private void OnChanged(IReadOnlyList<AlertEvent> active) => _ = InvokeAsync(StateHasChanged);
}
