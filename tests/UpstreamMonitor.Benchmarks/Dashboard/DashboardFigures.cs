namespace UpstreamMonitor.Benchmarks.Dashboard;

/// <summary>What <see cref="DashboardRenderScenario"/> measured. Times in milliseconds, memory in megabytes.</summary>
public sealed record DashboardFigures
{
    public required int Upstreams { get; init; }

    /// <summary>Snapshots published and rendered one after another.</summary>
    public required int Rounds { get; init; }

    /// <summary>
    /// Server: render + diff of one round's update (Blazor's render_diff histogram), median; NaN when the runtime did
    /// not report the histogram.
    /// </summary>
    public required double ServerRenderMedianMs { get; init; }

    public required double ServerRenderP95Ms { get; init; }

    /// <summary>
    /// Publish on the server to the new version seen in the page (server render, SignalR, browser apply and
    /// Playwright's polling): an upper bound for both, median.
    /// </summary>
    public required double PublishToPageMedianMs { get; init; }

    /// <summary>Browser: from the batch's WebSocket message to the DOM mutation, median.</summary>
    public required double BrowserApplyMedianMs { get; init; }

    public required double BrowserApplyP95Ms { get; init; }

    /// <summary>Table rows in the DOM with all upstreams in the table (virtualized).</summary>
    public required int DomRows { get; init; }

    /// <summary>Managed heap growth per connected dashboard, measured over <see cref="Dashboards"/> pages.</summary>
    public required double ManagedMbPerDashboard { get; init; }

    public required int Dashboards { get; init; }
}
