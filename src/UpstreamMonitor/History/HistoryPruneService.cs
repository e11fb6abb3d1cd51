using Microsoft.Extensions.Options;

namespace UpstreamMonitor.History;

/// <summary>
/// Retention in the background: raw rows older than the raw window and rollups older than the rollup window go, a
/// bounded batch per statement, on its own timer, never inside a poll round.
/// </summary>
internal sealed partial class HistoryPruneService : BackgroundService
{
    /// <summary>Batches per run, so one run never holds the writer for long even on a big backlog.</summary>
    public const int MaxBatchesPerRun = 100;

    private readonly IHistoryStore _store;
    private readonly HistoryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HistoryPruneService> _logger;

    public HistoryPruneService(IHistoryStore store, IOptions<HistoryOptions> options, TimeProvider timeProvider, ILogger<HistoryPruneService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>One pruning run; returns the rows deleted.</summary>
    public async Task<long> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var rawBefore = (now - _options.RawRetention).ToUnixTimeMilliseconds();
        var rollupBefore = (now - _options.RollupRetention).ToUnixTimeMilliseconds();
        long total = 0;
        for (var i = 0; i < MaxBatchesPerRun; i++)
        {
            var deleted = await _store.PruneAsync(_options.InstanceName, rawBefore, rollupBefore, _options.PruneBatchSize, cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted == 0)
            {
                break;
            }

            // Let the writer in between batches.
            await Task.Yield();
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PruneInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var deleted = await PruneOnceAsync(stoppingToken).ConfigureAwait(false);
                    if (deleted > 0)
                    {
                        LogPruned(deleted);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    // The writer reports an unavailable store; pruning simply tries again next time.
                    LogPruneFailed(ex, _store.Display);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "History: pruned {Rows} rows past retention")]
    private partial void LogPruned(long rows);

    // Debug only: the writer already logs the outage once at warning.
    [LoggerMessage(Level = LogLevel.Debug, Message = "History: pruning {Store} failed, retried next interval")]
    private partial void LogPruneFailed(Exception exception, string store);
}
