using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.History;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Tests.History.Support;

namespace UpstreamMonitor.Tests.History;

public sealed class UptimeStripRefresherTests
{
    private const long HourMs = 3_600_000;

    [Fact]
    public async Task A_refresh_lays_the_last_24_hours_out_per_upstream_and_a_failed_one_keeps_the_last_strips()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(HistorySnapshots.Start + TimeSpan.FromDays(2));
        var options = new HistoryOptions { Path = Path.Combine(directory.Path, "h.db"), Instance = "strips" };
        await using var store = HistoryStoreFactory.Create(options, time);
        await store.MigrateAsync(CancellationToken.None);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hour = now - (now % HourMs);
        await store.WriteAsync("strips", new HistoryWriteBatch([], [], [], [],
        [
            new UpstreamHour("zeam_0", hour, 10, 10, 1, 1, 10, 10),
            new UpstreamHour("zeam_0", hour - (23 * HourMs), 10, 5, 1, 1, 10, 10),
            new UpstreamHour("zeam_0", hour - (24 * HourMs), 10, 0, 1, 1, 10, 10), // a day ago: outside the strip
        ], [], null), CancellationToken.None);
        var refresher = new UptimeStripRefresher(new HistoryReader(store, Options.Create(options), time), Options.Create(options), time, NullLogger<UptimeStripRefresher>.Instance);

        Assert.True(await refresher.RefreshAsync(CancellationToken.None));

        var strip = refresher.Current.Of("zeam_0")!;
        Assert.Equal(24, strip.Hours.Count);
        Assert.Equal(new UptimeSegment(hour - (23 * HourMs), 10, 5), strip.Hours[0]);
        Assert.Equal(new UptimeSegment(hour, 10, 10), strip.Hours[^1]);
        Assert.Equal(22, strip.Hours.Count(h => h is null));
        Assert.Equal(0.75, strip.Share);
        Assert.Null(refresher.Current.Of("ream_0"));

        // The store goes away: the strips stay as they were.
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(options.Path);
        Directory.CreateDirectory(options.Path);
        Assert.False(await refresher.RefreshAsync(CancellationToken.None));
        Assert.Same(strip, refresher.Current.Of("zeam_0"));
    }
}
