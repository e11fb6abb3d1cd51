using System.Threading.Channels;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Http.Events;

/// <summary>
/// Fans each published snapshot out to the <c>/api/events</c> subscribers. A snapshot observer: it runs on its own lane,
/// and every subscriber has a small bounded queue that drops its oldest entry when full, so a slow client loses events
/// instead of slowing the hub, the poller or the other clients.
/// </summary>
internal sealed class SnapshotEventHub : ISnapshotObserver, IDisposable
{
    /// <summary>Per-client backlog; a client this far behind only needs the newest rounds.</summary>
    public const int QueueCapacity = 16;

    /// <summary>Bounds the memory and sockets the event stream can hold.</summary>
    public const int MaxSubscribers = 512;

    private readonly Lock _gate = new();
    private Channel<EventStreamItem>[] _subscribers = [];

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>A new subscription, or null when <see cref="MaxSubscribers"/> are connected.</summary>
    public Subscription? Subscribe()
    {
        var channel = Channel.CreateBounded<EventStreamItem>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,

            // Snapshots come from the observer lane, alerts from the alert pipeline.
            SingleWriter = false,
        });
        lock (_gate)
        {
            if (_subscribers.Length >= MaxSubscribers)
            {
                return null;
            }

            _subscribers = [.. _subscribers, channel];
        }

        return new Subscription(this, channel);
    }

    public ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Broadcast(snapshot);
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var channel in _subscribers)
            {
                channel.Writer.TryComplete();
            }

            _subscribers = [];
        }
    }

    /// <summary>An alert that fired or resolved, for every connected client (an <c>alert</c> event).</summary>
    public void OnAlert(AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Broadcast(new EventStreamItem(null, alert));
    }

    private void Broadcast(MonitorSnapshot snapshot) => Broadcast(new EventStreamItem(snapshot, null));

    private void Broadcast(EventStreamItem item)
    {
        // Copy-on-write array: the poller's thread reads it without taking the lock.
        foreach (var channel in Volatile.Read(ref _subscribers))
        {
            channel.Writer.TryWrite(item);
        }
    }

    private void Unsubscribe(Channel<EventStreamItem> channel)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(c => c != channel)];
        }

        channel.Writer.TryComplete();
    }

    /// <summary>One client's queue of snapshots; dispose on disconnect.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly SnapshotEventHub _hub;
        private readonly Channel<EventStreamItem> _channel;

        internal Subscription(SnapshotEventHub hub, Channel<EventStreamItem> channel)
        {
            _hub = hub;
            _channel = channel;
        }

        public ChannelReader<EventStreamItem> Reader => _channel.Reader;

        public void Dispose() => _hub.Unsubscribe(_channel);
    }
}

/// <summary>One queued server-sent event: a finished round's snapshot, or an alert that fired or resolved.</summary>
internal readonly record struct EventStreamItem(MonitorSnapshot? Snapshot, AlertEvent? Alert);
