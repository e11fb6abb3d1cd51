using System.Threading.Channels;

namespace UpstreamMonitor.Snapshots;

/// <summary>
/// One observer's bounded hand-off: the poller writes without waiting (the oldest queued snapshot is dropped when the
/// lane is full) and the observer's own loop drains it in order.
/// </summary>
internal sealed partial class SnapshotObserverLane
{
    /// <summary>One warning per interval at most, however many snapshots an observer misses.</summary>
    internal static readonly TimeSpan DropWarningInterval = TimeSpan.FromMinutes(1);

    private readonly Channel<MonitorSnapshot> _channel;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private long _dropped;
    private long _droppedWarned;
    private long _delivered;
    private long _failed;
    private long _lastVersion;
    private DateTimeOffset _nextDropWarning = DateTimeOffset.MinValue;

    internal SnapshotObserverLane(SnapshotObserverRegistration registration, TimeProvider timeProvider, ILogger logger)
    {
        Registration = registration;
        _timeProvider = timeProvider;
        _logger = logger;
        _channel = Channel.CreateBounded<MonitorSnapshot>(
            new BoundedChannelOptions(registration.Capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = true,
            },
            _ => Interlocked.Increment(ref _dropped));
    }

    public SnapshotObserverRegistration Registration { get; }

    public string Name => Registration.Name;

    /// <summary>Snapshots dropped because the observer was a full lane behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Snapshots the observer finished with (successfully or not).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Snapshots on which the observer threw.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Version of the latest snapshot the observer finished with; 0 before any.</summary>
    public long LastVersion => Interlocked.Read(ref _lastVersion);

    /// <summary>Hands <paramref name="snapshot"/> over without waiting. On the poller's thread: allocation-free.</summary>
    internal void Write(MonitorSnapshot snapshot)
    {
        if (!_channel.Writer.TryWrite(snapshot))
        {
            return; // completed: the host is stopping
        }

        var dropped = Volatile.Read(ref _dropped);
        if (dropped != _droppedWarned)
        {
            var now = _timeProvider.GetUtcNow();
            if (now >= _nextDropWarning)
            {
                _nextDropWarning = now + DropWarningInterval;
                LogDropped(Name, dropped - _droppedWarned, dropped, Registration.Capacity);
                _droppedWarned = dropped;
            }
        }
    }

    internal void Complete() => _channel.Writer.TryComplete();

    /// <summary>Feeds <paramref name="observer"/> until the lane completes or <paramref name="cancellationToken"/> fires.</summary>
    internal async Task DrainAsync(ISnapshotObserver observer, CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        try
        {
            // No token on the wait: the channel then reuses one waiter instead of allocating one per snapshot. Stopping
            // completes the lane, which ends the wait.
            while (!cancellationToken.IsCancellationRequested && await reader.WaitToReadAsync(CancellationToken.None))
            {
                while (!cancellationToken.IsCancellationRequested && reader.TryRead(out var snapshot))
                {
                    try
                    {
                        await observer.OnSnapshotAsync(snapshot, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref _failed);
                        LogObserverFailed(ex, Name, snapshot.Version);
                    }

                    Interlocked.Exchange(ref _lastVersion, snapshot.Version);
                    Interlocked.Increment(ref _delivered);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: whatever is still queued is not worth delaying shutdown for.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot observer {Observer} fell behind: {Recent} snapshots dropped since the last warning ({Total} in all, lane capacity {Capacity})")]
    private partial void LogDropped(string observer, long recent, long total, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot observer {Observer} failed on version {Version}")]
    private partial void LogObserverFailed(Exception exception, string observer, long version);
}
