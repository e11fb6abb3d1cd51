using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Tests.Configuration;

public sealed class ConfigurationStartupReportTests
{
    [Fact]
    public async Task Clamped_concurrency_is_logged_as_a_warning()
    {
        var logger = new CapturingLogger<ConfigurationStartupReport>();
        var report = new ConfigurationStartupReport(
            Options.Create(new PollingOptions { PollConcurrency = 1000 }), Options.Create(new CheckpointSyncOptions()), logger);

        await report.StartAsync(CancellationToken.None);

        var warning = Assert.Single(logger.At(LogLevel.Warning));
        Assert.Equal(
            "Configuration: Monitor:PollConcurrency (--poll-concurrency, LEANPOINT_POLL_CONCURRENCY): 1000 is above the maximum of 256; clamped to 256",
            warning);
        Assert.Contains(logger.At(LogLevel.Information), m => m.Contains("concurrency 256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_settings_log_no_warning()
    {
        var logger = new CapturingLogger<ConfigurationStartupReport>();
        var report = new ConfigurationStartupReport(Options.Create(new PollingOptions()), Options.Create(new CheckpointSyncOptions()), logger);

        await report.StartAsync(CancellationToken.None);

        Assert.Empty(logger.At(LogLevel.Warning));
    }
}
