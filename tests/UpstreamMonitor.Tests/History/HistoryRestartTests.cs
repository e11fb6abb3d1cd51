using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Tests.Http;
using static UpstreamMonitor.Tests.Polling.Support.ScriptedLeanApiClient;

namespace UpstreamMonitor.Tests.History;

/// <summary>A restart on the same SQLite file carries each upstream's counters and last success on.</summary>
public sealed class HistoryRestartTests
{
    [Fact]
    public async Task A_second_start_on_the_same_file_shows_the_earlier_error_total_and_last_success()
    {
        using var directory = new TempDirectory();
        var settings = new KeyValuePair<string, string?>[] { new("Monitor:History:Path", Path.Combine(directory.Path, "history.db")), new("Monitor:History:Instance", "restart") };
        string name;
        long lastSuccessMs;
        JsonElement status;
        await using (var first = new MonitorWebFactory(settings))
        {
            var engine = first.Services.GetRequiredService<PollEngine>();
            await engine.PublishPendingAsync(CancellationToken.None);
            name = first.Services.GetRequiredService<UpstreamRegistry>().Rows()[0].Name;

            await engine.RunRoundAsync(CancellationToken.None); // no fork choice scripted: the poll fails
            first.Time.Advance(TimeSpan.FromSeconds(4));
            first.LeanApi.ServeForkChoice(name, ForkChoice(40));
            await engine.RunRoundAsync(CancellationToken.None);
            lastSuccessMs = first.Time.GetUtcNow().ToUnixTimeMilliseconds();
            first.Time.Advance(TimeSpan.FromSeconds(1)); // the rounds route reads [from, now): step past the last round

            using var client = first.CreateClient();
            await WaitForRoundsAsync(client, 2);
            var before = await UpstreamAsync(client);
            Assert.Equal(1, before.GetProperty("errors_total").GetInt64());
            Assert.Equal(lastSuccessMs, before.GetProperty("last_success_ms").GetInt64());
            status = await StatusAsync(client);
            Assert.True(status.GetProperty("finalized_slot").GetInt64() > 0, "the first run reached a finalized consensus");
        }

        await using var second = new MonitorWebFactory(settings);
        second.Time.Advance(TimeSpan.FromMinutes(5));
        await second.Services.GetRequiredService<PollEngine>().PublishPendingAsync(CancellationToken.None);
        using var again = second.CreateClient();

        var after = await UpstreamAsync(again);

        Assert.Equal(name, after.GetProperty("name").GetString());
        Assert.Equal(1, after.GetProperty("errors_total").GetInt64());
        Assert.Equal(lastSuccessMs, after.GetProperty("last_success_ms").GetInt64());

        // The last consensus carries on too: a first round without consensus still reports the earlier checkpoints,
        // last success and error count (one more round without consensus).
        await second.Services.GetRequiredService<PollEngine>().RunRoundAsync(CancellationToken.None);
        var carried = await StatusAsync(again);
        Assert.Equal(status.GetProperty("finalized_slot").GetInt64(), carried.GetProperty("finalized_slot").GetInt64());
        Assert.Equal(status.GetProperty("justified_slot").GetInt64(), carried.GetProperty("justified_slot").GetInt64());
        Assert.Equal(status.GetProperty("error_count").GetInt64() + 1, carried.GetProperty("error_count").GetInt64());
        Assert.Equal(status.GetProperty("last_success_ms").GetInt64(), carried.GetProperty("last_success_ms").GetInt64());
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_leaves_the_registry_empty_and_the_host_starting()
    {
        using var directory = new TempDirectory();
        var blocker = Path.Combine(directory.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        await using var host = new MonitorWebFactory([new("Monitor:History:Path", Path.Combine(blocker, "history.db"))]);
        await host.Services.GetRequiredService<PollEngine>().PublishPendingAsync(CancellationToken.None);
        using var client = host.CreateClient();

        var row = await UpstreamAsync(client);

        Assert.Equal(0, row.GetProperty("errors_total").GetInt64());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("last_success_ms").ValueKind);
    }

    private static async Task<JsonElement> UpstreamAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/upstreams", UriKind.Relative)));
        return json.RootElement.GetProperty("upstreams")[0].Clone();
    }

    private static async Task WaitForRoundsAsync(HttpClient client, int rounds)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/history/rounds", UriKind.Relative), patience.Token));
            if (json.RootElement.GetProperty("rounds").GetArrayLength() >= rounds)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, patience.Token);
        }
    }
}
