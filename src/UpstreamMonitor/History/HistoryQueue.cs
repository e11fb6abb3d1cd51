using System.Threading.Channels;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.History;

/// <summary>
/// The bounded hand-off between the poller and the history writer. <see cref="Offer"/> never waits: when the writer
/// is behind (a slow disk, a store that is down) the snapshot is dropped and counted.
/// </summary>
internal sealed partial class HistoryQueue
{
    private readonly Channel<MonitorSnapshot> _channel;
    private readonly HistoryHealth _health;
    private readonly ILogger<HistoryQueue> _logger;
    private int _dropping;

    public HistoryQueue(IOptions<HistoryOptions> options, HistoryHealth health, ILogger<HistoryQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _health = health;
        _logger = logger;
        _channel = Channel.CreateBounded<MonitorSnapshot>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public ChannelReader<MonitorSnapshot> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;

    /// <summary>Hands a snapshot to the writer; false when the queue was full and it was dropped.</summary>
    public bool Offer(MonitorSnapshot snapshot)
    {
        if (_channel.Writer.TryWrite(snapshot))
        {
            if (Volatile.Read(ref _dropping) == 1 && Interlocked.Exchange(ref _dropping, 0) == 1)
            {
                LogDroppingEnded(_health.DroppedSnapshots);
            }

            return true;
        }

        var total = _health.Dropped();
        // One warning per run of drops, not one per round.
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            LogDropping(snapshot.Version, total);
        }

        return false;
    }

    public void Complete() => _channel.Writer.TryComplete();

    [LoggerMessage(Level = LogLevel.Warning, Message = "History queue full: dropping snapshots (version {Version}; {Total} dropped so far); the poller does not wait for the history store")]
    private partial void LogDropping(long version, long total);

    [LoggerMessage(Level = LogLevel.Information, Message = "History queue accepting snapshots again ({Total} dropped so far)")]
    private partial void LogDroppingEnded(long total);
}
