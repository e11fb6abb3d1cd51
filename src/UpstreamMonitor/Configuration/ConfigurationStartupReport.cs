using Microsoft.Extensions.Options;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// Logs, once at start, the configuration warnings (a clamped poll concurrency, a timeout longer than the interval)
/// and the polling settings, so an operator reading the container log sees what the process settled on.
/// </summary>
public sealed partial class ConfigurationStartupReport(
    IOptions<MonitorOptions> options,
    ILogger<ConfigurationStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var issue in MonitorOptionsRules.Check(settings).Where(i => !i.IsError))
        {
            LogWarning(logger, MonitorOptionsValidator.Describe(issue.Key), issue.Problem);
        }

        LogSettings(logger, settings.PollMs, settings.TimeoutMs, settings.StaleMs, settings.EffectivePollConcurrency);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Configuration: {Setting}: {Problem}")]
    private static partial void LogWarning(ILogger logger, string setting, string problem);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information,
        Message = "Polling every {PollMs} ms, request timeout {TimeoutMs} ms, stale after {StaleMs} ms, concurrency {Concurrency}")]
    private static partial void LogSettings(ILogger logger, int pollMs, int timeoutMs, int staleMs, int concurrency);
}
