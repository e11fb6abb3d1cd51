using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>
/// Runs a poll round every <c>poll-ms</c> on a <see cref="PeriodicTimer"/> driven by the injected clock. Rounds never
/// overlap: the next waits for the previous, and a round that outlasts the interval is followed at once by the next
/// (the timer keeps the missed tick).
/// </summary>
internal sealed partial class PollerService : BackgroundService
{
    private readonly PollEngine _engine;
    private readonly IOptionsMonitor<PollingOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PollerService> _logger;

    public PollerService(PollEngine engine, IOptionsMonitor<PollingOptions> options, TimeProvider timeProvider, ILogger<PollerService> logger)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting; the first round must not hold up Kestrel.
        await Task.Yield();
        var interval = Interval();
        LogStarting(interval.TotalMilliseconds);
        try
        {
            await _engine.PublishPendingAsync(stoppingToken);
            using var timer = new PeriodicTimer(interval, _timeProvider);
            do
            {
                await RunRoundAsync(stoppingToken);
                var wanted = Interval();
                if (wanted != timer.Period)
                {
                    timer.Period = wanted;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    private async Task RunRoundAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _engine.RunRoundAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A bug in one round must not stop monitoring; the next tick tries again.
            LogRoundFailed(ex);
        }
    }

    private TimeSpan Interval() => TimeSpan.FromMilliseconds(Math.Max(1, _options.CurrentValue.PollMs));

    [LoggerMessage(Level = LogLevel.Information, Message = "Poller starting: one round every {PollMs} ms")]
    private partial void LogStarting(double pollMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "A poll round failed")]
    private partial void LogRoundFailed(Exception exception);
}
