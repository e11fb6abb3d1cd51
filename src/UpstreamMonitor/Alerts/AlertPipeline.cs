using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts.Delivery;
using UpstreamMonitor.Alerts.Detection;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Alerts;

/// <summary>
/// Runs the detector off the poller's thread: each published snapshot is queued (never blocking the publisher), then
/// translated, evaluated, written to <see cref="ActiveAlerts"/> and handed to the <see cref="AlertDispatcher"/>. A
/// reminder tick re-notifies alerts still active.
/// </summary>
public sealed partial class AlertPipeline : BackgroundService, ISnapshotObserver
{
    /// <summary>
    /// Snapshots are small and the detector fast; 64 rounds of backlog in the observer lane is minutes of polling.
    /// Beyond it the lane drops the oldest snapshot: the detector skips a round rather than delaying the poller.
    /// </summary>
    internal const int SnapshotBacklog = 64;

    private readonly AlertDetector _detector;
    private readonly NotificationSchedule _schedule;
    private readonly ActiveAlerts _active;
    private readonly AlertDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertPipeline> _logger;
    private readonly Lock _gate = new();

    public AlertPipeline(IOptions<AlertOptions> options, ActiveAlerts active, AlertDispatcher dispatcher, TimeProvider time, ILogger<AlertPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _detector = new AlertDetector(options.Value, time);
        _schedule = new NotificationSchedule(options.Value);
        _active = active;
        _dispatcher = dispatcher;
        _time = time;
        _logger = logger;
    }

    /// <summary>The snapshot observer, called on its own lane (never the poller's): evaluates the snapshot.</summary>
    public ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            Process(snapshot);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDetectorFailed(ex, snapshot.Version);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Evaluates one snapshot now (the loop's body; tests call it directly).</summary>
    public AlertTransitions Process(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (SnapshotTranslation.ToObservation(snapshot) is not { } observation)
        {
            return AlertTransitions.None;
        }

        lock (_gate)
        {
            var transitions = _detector.Observe(observation);
            if (transitions.IsEmpty)
            {
                return transitions;
            }

            foreach (var alert in transitions.Fired)
            {
                LogFired(alert.Id, alert.Summary);
            }

            foreach (var alert in transitions.Resolved)
            {
                LogResolved(alert.Id, alert.Summary);
            }

            _active.Replace(_detector.Active, transitions);
            Send(_schedule.OnTransitions(transitions, _time.GetUtcNow()));
            return transitions;
        }
    }

    /// <summary>Sends the reminders due now (the tick's body; tests call it directly).</summary>
    public void SendDueReminders()
    {
        lock (_gate)
        {
            Send(_schedule.Due(_active.Current, _time.GetUtcNow()));
        }
    }

    /// <summary>Snapshots arrive through <see cref="OnSnapshotAsync"/>; the service itself only ticks the reminders.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RemindAsync(stoppingToken);

    private async Task RemindAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_schedule.TickInterval(), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                SendDueReminders();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Send(IReadOnlyList<ScheduledNotification> sends)
    {
        foreach (var send in sends)
        {
            _dispatcher.Enqueue(send.Receiver, send.Notification);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} fired: {Summary}")]
    private partial void LogFired(string alertId, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} resolved: {Summary}")]
    private partial void LogResolved(string alertId, string summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert detection failed on snapshot {Version}")]
    private partial void LogDetectorFailed(Exception exception, long version);
}
