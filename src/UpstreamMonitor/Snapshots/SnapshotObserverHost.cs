namespace UpstreamMonitor.Snapshots;

/// <summary>
/// Runs one drain loop per observer lane for the host's lifetime. Observers are resolved at start, not when the lanes
/// are built, because they read the snapshot source themselves (the store needs the lanes first).
/// </summary>
internal sealed partial class SnapshotObserverHost(
    SnapshotObservers observers,
    IServiceProvider services,
    ILogger<SnapshotObserverHost> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _loops = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var lanes = observers.Lanes;
        var loops = new Task[lanes.Count];
        for (var i = 0; i < lanes.Count; i++)
        {
            var lane = lanes[i];
            var observer = (ISnapshotObserver)services.GetRequiredService(lane.Registration.ObserverType);

            // Task.Run: an observer that blocks synchronously must not hold up start-up or the other loops.
            loops[i] = Task.Run(() => lane.DrainAsync(observer, _stopping.Token), CancellationToken.None);
        }

        _loops = loops;
        LogStarted(lanes.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in observers.Lanes)
        {
            lane.Complete();
        }

        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // An observer ignoring cancellation is abandoned once the host's shutdown timeout ends.
            LogStopAbandoned(_loops.Count(t => !t.IsCompleted));
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snapshot observers started: {Count} lanes")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} snapshot observers did not stop before the shutdown timeout")]
    private partial void LogStopAbandoned(int count);
}
