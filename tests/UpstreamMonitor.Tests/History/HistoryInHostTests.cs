using System.Net;
using System.Text.Json;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.History;

/// <summary>History as the host composes it: published rounds reach the store through their observer lane.</summary>
public sealed class HistoryInHostTests
{
    [Fact]
    public async Task Published_rounds_are_kept_in_the_configured_sqlite_file_and_served_by_the_history_api()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "history.db");
        await using (var host = new MonitorWebFactory([new("Monitor:History:Path", path), new("Monitor:History:Instance", "host-test")]))
        {
            using var client = host.CreateClient();
            for (var round = 1; round <= 3; round++)
            {
                await host.PublishAsync(TestSnapshots.Devnet(round, host.Time.GetUtcNow(), finalized: 36 + round));
                host.Time.Advance(TimeSpan.FromSeconds(4));
            }

            // The writer batches on its own loop: wait (bounded) until the three rounds are readable.
            var kept = -1;
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (kept != 3)
            {
                using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/history/rounds", UriKind.Relative), patience.Token));
                kept = Rows(json);
                if (kept != 3)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, patience.Token);
                }
            }

            var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains("history_write_errors_total 0", metrics, StringComparison.Ordinal);
        }

        Assert.True(new FileInfo(path).Length > 0, "the SQLite file was written");
    }

    [Fact]
    public async Task Off_keeps_todays_memory_only_behaviour_and_says_so()
    {
        await using var host = new MonitorWebFactory([new("Monitor:History:Path", "off")]);
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/history/rounds", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("off", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static int Rows(JsonDocument json) =>
        json.RootElement.TryGetProperty("rounds", out var rounds) ? rounds.GetArrayLength() : -1;
}
