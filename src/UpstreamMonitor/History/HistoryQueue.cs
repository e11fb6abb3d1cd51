using System.Threading.Channels;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.History;

/// <summary>One thing for the writer: a published snapshot, or an alert that fired or resolved.</summary>
internal readonly record struct HistoryInput(MonitorSnapshot? Snapshot, AlertHistoryEvent? Alert);

/// <summary>
/// The bounded hand-off between the poller (and the alert pipeline) and the history writer. <c>Offer</c> never
/// waits: when the writer is behind (a slow disk, a store that is down) the input is dropped and counted.
/// </summary>
internal sealed partial class HistoryQueue
{
    private readonly Channel<HistoryInput> _channel;
    private readonly HistoryHealth _health;
    private readonly ILogger<HistoryQueue> _logger;
    private int _dropping;

    public HistoryQueue(IOptions<HistoryOptions> options, HistoryHealth health, ILogger<HistoryQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _health = health;
        _logger = logger;
        _channel = Channel.CreateBounded<HistoryInput>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public ChannelReader<HistoryInput> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;

    /// <summary>Hands a snapshot to the writer; false when the queue was full and it was dropped.</summary>
    public bool Offer(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Offer(new HistoryInput(snapshot, null), $"snapshot version {snapshot.Version}");
    }

    /// <summary>Hands an alert firing or resolution to the writer; false when the queue was full and it was dropped.</summary>
    public bool Offer(AlertHistoryEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Offer(new HistoryInput(null, alert), $"alert {alert.AlertId} {alert.Transition}");
    }

    private bool Offer(HistoryInput input, string what)
    {
        if (_channel.Writer.TryWrite(input))
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
            LogDropping(what, total);
        }

        return false;
    }

    public void Complete() => _channel.Writer.TryComplete();

    [LoggerMessage(Level = LogLevel.Warning, Message = "History queue full: dropping snapshots and alerts ({What}; {Total} dropped so far); the poller does not wait for the history store")]
    private partial void LogDropping(string what, long total);

    [LoggerMessage(Level = LogLevel.Information, Message = "History queue accepting snapshots again ({Total} dropped so far)")]
    private partial void LogDroppingEnded(long total);
}
