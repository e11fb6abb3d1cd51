using Microsoft.Extensions.Options;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.History;

/// <summary>
/// The single history writer: drains the queue, turns snapshots into records, and writes one batch per drain in one
/// transaction. A failing store is one warning, a counter and a banner flag; it retries with backoff and resumes by
/// itself, and nothing here ever reaches back into the poller.
/// </summary>
internal sealed partial class HistoryWriterService : BackgroundService
{
    private readonly HistoryQueue _queue;
    private readonly IHistoryStore _store;
    private readonly HistoryHealth _health;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HistoryWriterService> _logger;
    private readonly HistoryAggregator _aggregator = new();
    private MonitorSnapshot? _previous;
    private bool _migrated;
    private bool _resync = true;
    private TimeSpan _delay;

    public HistoryWriterService(HistoryQueue queue, IHistoryStore store, HistoryHealth health, IOptions<HistoryOptions> options, TimeProvider timeProvider, ILogger<HistoryWriterService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _store = store;
        _health = health;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _delay = _options.RetryDelay;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _health.MarkEnabled();
        await TryMigrateAsync(stoppingToken).ConfigureAwait(false);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Drain();
                if (!await TryMigrateAsync(stoppingToken).ConfigureAwait(false) || !await TryWriteAsync(stoppingToken).ConfigureAwait(false))
                {
                    await BackOffAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Drain()
    {
        while (_queue.Reader.TryRead(out var input))
        {
            if (input.Alert is { } alert)
            {
                _aggregator.AddAlert(alert);
            }

            if (input.Snapshot is not { } snapshot)
            {
                continue;
            }

            var records = HistoryRecorder.Record(_previous, snapshot, _resync);
            _resync = false;
            _aggregator.Add(records);
            _previous = snapshot;
        }
    }

    private async Task<bool> TryMigrateAsync(CancellationToken stoppingToken)
    {
        if (_migrated)
        {
            return true;
        }

        if (await TryAsync(ct => _store.MigrateAsync(ct), "open and migrate", 0, stoppingToken).ConfigureAwait(false))
        {
            _migrated = true;
            LogReady(_store.Display);
        }
        else
        {
            // Nothing can be written yet: hold no rows (the memory bound while the store is down).
            _aggregator.DropPendingRows();
        }

        return _migrated;
    }

    private async Task<bool> TryWriteAsync(CancellationToken stoppingToken)
    {
        var batch = _aggregator.TakeBatch();
        if (batch.RowCount == 0 && batch.Monitor is null)
        {
            return true;
        }

        var ok = await TryAsync(ct => _store.WriteAsync(_options.InstanceName, batch, ct), "write", batch.RowCount, stoppingToken).ConfigureAwait(false);
        if (!ok)
        {
            // Rows were lost; write every upstream's state afresh once the store is back.
            _resync = true;
        }

        return ok;
    }

    private async Task<bool> TryAsync(Func<CancellationToken, Task> operation, string what, int rows, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.WriteTimeout);
        try
        {
            await operation(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            var problem = ex is OperationCanceledException
                ? $"history store {_store.Display}: {what} took longer than {_options.WriteTimeout.TotalSeconds:0.#} s"
                : $"history store {_store.Display}: {what} failed: {Upstreams.UrlRedaction.MaskText(ex.Message)}";
            if (_health.Failed(problem))
            {
                LogStoreFailing(problem, _health.WriteErrors);
            }
            else
            {
                LogStoreStillFailing(ex, problem);
            }

            return false;
        }

        if (_health.Succeeded(rows))
        {
            LogResumed(_store.Display, _health.WriteErrors);
        }

        _delay = _options.RetryDelay;
        return true;
    }

    private async Task BackOffAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(_delay, _timeProvider, stoppingToken).ConfigureAwait(false);
        _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "History: writing to {Store}")]
    private partial void LogReady(string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}; polling and serving continue, history writes are retried ({Errors} write errors so far)")]
    private partial void LogStoreFailing(string problem, long errors);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Problem} (still failing)")]
    private partial void LogStoreStillFailing(Exception exception, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "History: writing to {Store} again ({Errors} write errors during the outage and before)")]
    private partial void LogResumed(string store, long errors);
}
