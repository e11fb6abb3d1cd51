using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Pages;

/// <summary>
/// The page at <c>/</c>. Renders the published snapshot and re-renders when the poller publishes the next one:
/// pushed over the circuit, never polled by the browser. A one-second tick keeps the relative times moving.
/// </summary>
public sealed partial class Dashboard : ComponentBase, IDisposable
{
    /// <summary>Relative times show seconds, so they move once a second.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private MonitorSnapshot _snapshot = default!;
    private DateTimeOffset _now;
    private MonitorSnapshot? _pending;
    private int _applyQueued;
    private bool _subscribed;
    private bool _disposed;
    private ITimer? _tick;

    [Inject]
    private IMonitorSnapshotSource Source { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    // Optional: history may be off (then the table shows no strips).
    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    private UpstreamMonitor.History.UptimeStripRefresher? _uptime;

    protected override void OnInitialized()
    {
        _uptime = Services.GetService<UpstreamMonitor.History.UptimeStripRefresher>();
        _snapshot = Source.Current;
        _now = Time.GetUtcNow();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render gets here (prerendering has no after-render), so the prerendered copy of this
        // component never subscribes.
        if (!firstRender || _disposed)
        {
            return;
        }

        // A circuit lives for one browser tab, not the host's lifetime, and only keeps the newest snapshot (coalescing
        // renders), so it stays on the store's event instead of taking an ISnapshotObserver lane of its own.
        Source.Published += OnPublished;
        _subscribed = true;
        _tick = Time.CreateTimer(_ => OnTick(), null, TickInterval, TickInterval);

        // A publication between the first render and the subscription would otherwise wait a whole round.
        if (Source.Current.Version != _snapshot.Version)
        {
            OnPublished(Source.Current);
        }

        // Marks the page live (data-live): updates from here on arrive over the circuit.
        StateHasChanged();
    }

    /// <summary>
    /// Runs on the poller's thread, so it only stores the snapshot and queues one render on the circuit. Bursts
    /// coalesce: while a render is queued, later snapshots just replace the pending one.
    /// </summary>
    private void OnPublished(MonitorSnapshot snapshot)
    {
        Volatile.Write(ref _pending, snapshot);
        if (Interlocked.Exchange(ref _applyQueued, 1) == 0)
        {
            _ = DispatchAsync(ApplyPending);
        }
    }

    private void OnTick() => _ = DispatchAsync(() =>
    {
        _now = Time.GetUtcNow();
        StateHasChanged();
    });

    private void ApplyPending()
    {
        Volatile.Write(ref _applyQueued, 0);
        var snapshot = Interlocked.Exchange(ref _pending, null);
        if (_disposed || snapshot is null || snapshot.Version < _snapshot.Version)
        {
            return;
        }

        _snapshot = snapshot;
        _now = Time.GetUtcNow();
        StateHasChanged();
    }

    private async Task DispatchAsync(Action work)
    {
        try
        {
            await InvokeAsync(work);
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the event and the dispatch; Dispose unsubscribes right after.
        }
    }

    public void Dispose()
    {
        _disposed = true;
        if (_subscribed)
        {
            Source.Published -= OnPublished;
            _subscribed = false;
        }

        _tick?.Dispose();
    }
}
