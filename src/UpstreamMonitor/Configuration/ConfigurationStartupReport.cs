using Microsoft.Extensions.Options;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// Logs, once at start, the configuration warnings (a clamped poll concurrency, a timeout longer than the interval)
/// and the polling settings, so an operator reading the container log sees what the process settled on.
/// </summary>
internal sealed partial class ConfigurationStartupReport(
    IOptions<PollingOptions> polling,
    IOptions<CheckpointSyncOptions> checkpointSync,
    ILogger<ConfigurationStartupReport> logger) : IHostedService
{
    private static readonly PollingOptionsRules Rules = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = polling.Value;
        foreach (var issue in Rules.Check(settings).Where(i => !i.IsError))
        {
            LogWarning(logger, PollingOptionsRules.Describe(issue.Key!), issue.Problem);
        }

        LogSettings(logger, settings.PollMs, settings.TimeoutMs, checkpointSync.Value.StaleMs, settings.GateCapacity);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Configuration: {Setting}: {Problem}")]
    private static partial void LogWarning(ILogger logger, string setting, string problem);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information,
        Message = "Polling every {PollMs} ms, request timeout {TimeoutMs} ms, stale after {StaleMs} ms, concurrency {Concurrency}")]
    private static partial void LogSettings(ILogger logger, int pollMs, int timeoutMs, int staleMs, int concurrency);
}
