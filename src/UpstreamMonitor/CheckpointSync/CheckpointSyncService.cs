using System.Threading.Channels;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>
/// Keeps the checkpoint-sync cache on the consensus finalized checkpoint. Signalled by each publication (it observes
/// snapshots through its own lane), it downloads on its own task, one pass at a time, so the poller never waits on a
/// state transfer.
/// </summary>
internal sealed partial class CheckpointSyncService(
    IMonitorSnapshotSource source,
    FinalizedStateDownloader downloader,
    TimeProvider timeProvider,
    ILogger<CheckpointSyncService> logger) : BackgroundService, ISnapshotObserver
{
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    // One pending signal is enough: a pass always reads the newest snapshot.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private CheckpointTarget? _backoffTarget;
    private DateTimeOffset _retryAt;
    private int _failures;

    /// <summary>Raised after every pass with the target it looked at (for tests and diagnostics).</summary>
    internal event Action<CheckpointTarget?, DownloadOutcome>? PassCompleted;

    /// <summary>A publication only wakes the loop: a pass always reads the newest snapshot.</summary>
    public ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
    {
        _signal.Writer.TryWrite(true);
        return ValueTask.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _signal.Writer.TryWrite(true);
            while (await _signal.Reader.WaitToReadAsync(stoppingToken))
            {
                _signal.Reader.TryRead(out _);
                await RunPassAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown cancels an in-flight download; the cached state is simply kept.
        }
    }

    private async Task RunPassAsync(CancellationToken cancellationToken)
    {
        var snapshot = source.Current;
        var target = CheckpointTarget.Of(snapshot);
        var outcome = target is { } t ? await TryTargetAsync(snapshot, t, cancellationToken) : DownloadOutcome.NothingToDo;
        PassCompleted?.Invoke(target, outcome);
    }

    private async Task<DownloadOutcome> TryTargetAsync(MonitorSnapshot snapshot, CheckpointTarget target, CancellationToken cancellationToken)
    {
        if (_backoffTarget == target && timeProvider.GetUtcNow() < _retryAt)
        {
            return DownloadOutcome.NothingToDo;
        }

        DownloadOutcome outcome;
        try
        {
            outcome = await downloader.DownloadAsync(snapshot, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPassFailed(ex, target.Slot);
            outcome = DownloadOutcome.AllFailed;
        }

        switch (outcome)
        {
            case DownloadOutcome.Cached:
                _backoffTarget = null;
                _failures = 0;
                break;
            case DownloadOutcome.MovedOn or DownloadOutcome.AllFailed:
                // Failed or outdated: this target waits; a new consensus target is tried at once.
                _failures = _backoffTarget == target ? _failures + 1 : 1;
                _backoffTarget = target;
                _retryAt = timeProvider.GetUtcNow() + RetryDelay(_failures);
                if (outcome == DownloadOutcome.MovedOn && CheckpointTarget.Of(source.Current) != target)
                {
                    _signal.Writer.TryWrite(true);
                }

                break;
        }

        return outcome;
    }

    internal static TimeSpan RetryDelay(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 16));
        var delay = FirstRetryDelay * factor;
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Checkpoint state download pass for finalized slot {Slot} failed unexpectedly")]
    private partial void LogPassFailed(Exception exception, long slot);
}
