using Microsoft.Extensions.Options;

namespace UpstreamMonitor.History;

/// <summary>A history query failed or took too long; the API answers 503 with <see cref="Exception.Message"/>.</summary>
internal sealed class HistoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The query side: every call is bounded in time (<see cref="HistoryOptions.QueryTimeout"/>) and size
/// (<see cref="HistoryOptions.MaxPageSize"/>), runs on its own connection, and never touches the poller.
/// </summary>
internal sealed class HistoryReader(IHistoryStore store, IOptions<HistoryOptions> options, TimeProvider timeProvider)
{
    private readonly HistoryOptions _options = options.Value;

    public string Instance => _options.InstanceName;

    public int MaxPageSize => _options.MaxPageSize;

    public TimeProvider Clock => timeProvider;

    public Task<HistoryPage<RoundRecord>> RoundsAsync(HistoryRange range, CancellationToken ct) =>
        RunAsync((s, t) => s.RoundsAsync(Instance, range, t), ct);

    public Task<HistoryPage<UpstreamChange>> UpstreamChangesAsync(string upstream, HistoryRange range, CancellationToken ct) =>
        RunAsync((s, t) => s.UpstreamChangesAsync(Instance, upstream, range, t), ct);

    public Task<HistoryPage<LatencyMinute>> LatencyAsync(string upstream, HistoryRange range, CancellationToken ct) =>
        RunAsync((s, t) => s.LatencyAsync(Instance, upstream, range, t), ct);

    public Task<HistoryPage<ChainEvent>> EventsAsync(string? kind, HistoryRange range, CancellationToken ct) =>
        RunAsync((s, t) => s.EventsAsync(Instance, kind, range, t), ct);

    public Task<HistoryPage<AlertHistoryEvent>> AlertEventsAsync(string? kind, HistoryRange range, CancellationToken ct) =>
        RunAsync((s, t) => s.AlertEventsAsync(Instance, kind, range, t), ct);

    public Task<HistoryTimeline> TimelineAsync(long fromMs, long toMs, int limit, CancellationToken ct) =>
        RunAsync((s, t) => s.TimelineAsync(Instance, fromMs, toMs, Math.Min(limit, _options.MaxPageSize), t), ct);

    public Task<IReadOnlyList<UptimeRow>> UptimeAsync(TimeSpan window, CancellationToken ct) =>
        RunAsync((s, t) => s.UptimeAsync(Instance, (timeProvider.GetUtcNow() - window).ToUnixTimeMilliseconds(), _options.MaxPageSize, t), ct);

    /// <summary>Hourly counters of every upstream since <paramref name="fromMs"/>, at most <paramref name="limit"/> rows.</summary>
    public Task<IReadOnlyList<UptimeHourRow>> HourlyUptimeAsync(long fromMs, int limit, CancellationToken ct) =>
        RunAsync((s, t) => s.HourlyUptimeAsync(Instance, fromMs, limit, t), ct);

    public Task<IReadOnlyList<FinalityPoint>> FinalityAsync(long fromMs, long toMs, int points, CancellationToken ct) =>
        RunAsync((s, t) => s.FinalityAsync(Instance, fromMs, toMs, points, t), ct);

    /// <summary>The last consensus and every upstream's last state, for seeding the registry on start.</summary>
    public Task<HistoryLastState> LastStateAsync(CancellationToken ct) =>
        RunAsync((s, t) => s.LastStateAsync(Instance, t), ct);

    private async Task<T> RunAsync<T>(Func<IHistoryStore, CancellationToken, Task<T>> query, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.QueryTimeout);
        try
        {
            return await query(store, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new HistoryUnavailableException($"history query took longer than {_options.QueryTimeout.TotalSeconds:0.#} s", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new HistoryUnavailableException($"history store {store.Display} unavailable: {Upstreams.UrlRedaction.MaskText(ex.Message)}", ex);
        }
    }
}
