using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Snapshots;

/// <summary>
/// Holds the latest snapshot; the poller is the only writer. Each publication goes to every observer's lane
/// (<see cref="ISnapshotObserver"/>) without waiting, then to the <see cref="Published"/> handlers.
/// </summary>
internal sealed partial class MonitorSnapshotStore : IMonitorSnapshotSource
{
    private readonly ILogger<MonitorSnapshotStore> _logger;
    private readonly SnapshotObservers _observers;
    private MonitorSnapshot _current;

    public MonitorSnapshotStore(
        IOptions<CheckpointSyncOptions> checkpointSync,
        IOptions<ConsensusOptions> consensus,
        ILogger<MonitorSnapshotStore> logger,
        SnapshotObservers? observers = null)
    {
        ArgumentNullException.ThrowIfNull(checkpointSync);
        ArgumentNullException.ThrowIfNull(consensus);
        _logger = logger;
        _observers = observers ?? SnapshotObservers.None;
        _current = MonitorSnapshot.Empty(checkpointSync.Value.StaleAfter, consensus.Value.ConsensusThresholdPercent);
    }

    public MonitorSnapshot Current => Volatile.Read(ref _current);

    public event Action<MonitorSnapshot>? Published;

    public void Publish(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
        _observers.Write(snapshot);
        if (Published is not { } handlers)
        {
            return;
        }

        // One failing subscriber (a disconnected dashboard, say) must not stop the others or the poller.
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((Action<MonitorSnapshot>)handler)(snapshot);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogSubscriberFailed(ex, snapshot.Version);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A snapshot subscriber failed on version {Version}")]
    private partial void LogSubscriberFailed(Exception exception, long version);
}
