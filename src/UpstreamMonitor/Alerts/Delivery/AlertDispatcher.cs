using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace UpstreamMonitor.Alerts.Delivery;

/// <summary>
/// One bounded queue and one sender loop per receiver, so a receiver that hangs or fails forever delays only its own
/// queue: never polling, the detector, other receivers or shutdown. A full queue drops its oldest notification (counted
/// as <c>dropped</c>): the newest state of an alert matters more than a stale one.
/// </summary>
public sealed partial class AlertDispatcher : IHostedService, IAsyncDisposable
{
    private readonly AlertSender _sender;
    private readonly AlertMetrics _metrics;
    private readonly ILogger<AlertDispatcher> _logger;
    private readonly Dictionary<string, ReceiverQueue> _queues;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    public AlertDispatcher(IOptions<AlertOptions> options, AlertSender sender, AlertMetrics metrics, ILogger<AlertDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sender = sender;
        _metrics = metrics;
        _logger = logger;
        _queues = options.Value.EffectiveReceivers().ToDictionary(r => r.Name!, r => new ReceiverQueue(r, this), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Receivers => _queues.Keys;

    /// <summary>Queues a notification for a receiver; never blocks. False for an unknown receiver.</summary>
    public bool Enqueue(string receiver, AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _queues.TryGetValue(receiver, out var queue) && queue.Offer(notification);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _queues.Values)
        {
            _loops.Add(Task.Run(() => queue.RunAsync(_stopping.Token), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    /// <summary>Cancels in-flight deliveries at once; what is still queued is abandoned (logged with its count).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var queue in _queues.Values)
        {
            queue.Complete();
        }

        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown budget ran out first; the loops end on their own once their sockets close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} ({Reason}) delivered to {Receiver}: {Detail} in {ElapsedMs} ms")]
    private partial void LogDelivered(string alertId, string reason, string receiver, string detail, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} ({Reason}) not delivered to {Receiver} ({Url}): {Detail} after {ElapsedMs} ms")]
    private partial void LogFailed(string alertId, string reason, string receiver, string url, string detail, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert queue of {Receiver} is full; dropped the oldest notification ({AlertId})")]
    private partial void LogDropped(string receiver, string alertId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert delivery to {Receiver} stopped with {Pending} notifications still queued")]
    private partial void LogAbandoned(string receiver, int pending);

    /// <summary>One receiver's queue and sender loop.</summary>
    private sealed class ReceiverQueue
    {
        private readonly AlertReceiverOptions _receiver;
        private readonly AlertDispatcher _owner;
        private readonly Channel<AlertNotification> _channel;

        public ReceiverQueue(AlertReceiverOptions receiver, AlertDispatcher owner)
        {
            _receiver = receiver;
            _owner = owner;
            _channel = Channel.CreateBounded<AlertNotification>(
                new BoundedChannelOptions(Math.Max(1, receiver.QueueCapacity))
                {
                    FullMode = BoundedChannelFullMode.DropOldest,
                    SingleReader = true,
                },
                dropped =>
                {
                    owner._metrics.DeliveryFinished(receiver.Name!, AlertMetrics.Dropped);
                    owner.LogDropped(receiver.Name!, dropped.Alert.Id);
                });
        }

        public bool Offer(AlertNotification notification) => _channel.Writer.TryWrite(notification);

        public void Complete() => _channel.Writer.TryComplete();

        public async Task RunAsync(CancellationToken stopping)
        {
            var name = _receiver.Name!;
            try
            {
                await foreach (var notification in _channel.Reader.ReadAllAsync(stopping))
                {
                    DeliveryResult result;
                    try
                    {
                        result = await _owner._sender.SendAsync(_receiver, notification, stopping);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                    {
                        // A bug in formatting one notification must not end this receiver's loop.
                        result = new DeliveryResult(false, null, ReceiverUrls.Scrub(ex.Message, _receiver.Url), TimeSpan.Zero);
                    }

                    var elapsed = (long)result.Elapsed.TotalMilliseconds;
                    if (result.Succeeded)
                    {
                        _owner._metrics.DeliveryFinished(name, AlertMetrics.Delivered);
                        _owner.LogDelivered(notification.Alert.Id, notification.ReasonName, name, result.Detail, elapsed);
                    }
                    else
                    {
                        _owner._metrics.DeliveryFinished(name, AlertMetrics.Failed);
                        _owner.LogFailed(notification.Alert.Id, notification.ReasonName, name, ReceiverUrls.Display(_receiver.Url), result.Detail, elapsed);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                _owner.LogAbandoned(name, _channel.Reader.Count);
            }
        }
    }
}
