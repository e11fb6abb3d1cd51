namespace UpstreamMonitor.History;

/// <summary>
/// Keeps <see cref="Current"/> (the dashboard's 24 h uptime strips) fresh: one read of the hourly counters at start and
/// every <see cref="HistoryOptions.UptimeRefreshInterval"/>, never per render or per snapshot. A failed read keeps the
/// last strips (the writer reports the store's outage; this logs at debug only).
/// </summary>
internal sealed partial class UptimeStripRefresher(
    HistoryReader reader,
    Microsoft.Extensions.Options.IOptions<HistoryOptions> options,
    TimeProvider timeProvider,
    ILogger<UptimeStripRefresher> logger) : BackgroundService
{
    /// <summary>Hourly rows read at most: 24 per upstream for 10,000 upstreams, and a margin for the hour turning.</summary>
    public const int MaxRows = 25 * 10_000;

    private UptimeStrips _current = UptimeStrips.Empty;

    public UptimeStrips Current => Volatile.Read(ref _current);

    /// <summary>Reads the strips once; false when the store did not answer.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            var rows = await reader.HourlyUptimeAsync(UptimeStrips.FirstHourMs(now), MaxRows, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, UptimeStrips.Build(rows, now));
            return true;
        }
        catch (HistoryUnavailableException ex)
        {
            LogNotRefreshed(ex.Message);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UptimeRefreshInterval, timeProvider);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "History: uptime strips not refreshed ({Reason}); keeping the last ones")]
    private partial void LogNotRefreshed(string reason);
}
