using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.History;
using UpstreamMonitor.Http.History;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.History.Support;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.History;

/// <summary>
/// End to end on a real loopback server: snapshots published to the store go through the observer, queue and writer
/// into SQLite, and come back out of /api/history.
/// </summary>
public sealed class HistoryApiTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "um-history-api-" + Guid.NewGuid().ToString("N")[..12]);
    private WebApplication? _app;
    private HttpClient? _client;
    private MonitorSnapshotStore? _snapshots;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        _app = await StartAsync(Path.Combine(_folder, "history.db"));
        _snapshots = _app.Services.GetRequiredService<MonitorSnapshotStore>();
        _client = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public void Dispose() => _client?.Dispose();

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Published_rounds_come_back_paged_in_snake_case()
    {
        await PublishRoundsAsync(12);

        using var first = await GetJsonAsync("/api/history/rounds?limit=5", HttpStatusCode.OK);
        var rounds = first.RootElement.GetProperty("rounds");
        Assert.Equal(5, rounds.GetArrayLength());
        Assert.Equal(1, rounds[0].GetProperty("round").GetInt64());
        Assert.Equal(11, rounds[0].GetProperty("finalized").GetProperty("slot").GetInt64());
        Assert.True(rounds[0].GetProperty("has_consensus").GetBoolean());
        var cursor = first.RootElement.GetProperty("next_cursor").GetString();

        using var second = await GetJsonAsync($"/api/history/rounds?from=2026-03-01T11:00:00Z&to=2026-03-01T13:00:00.5%2B00:00&limit=5&cursor={cursor}", HttpStatusCode.OK);
        Assert.Equal(6, second.RootElement.GetProperty("rounds")[0].GetProperty("round").GetInt64());
    }

    [Fact]
    public async Task Upstream_changes_events_uptime_and_finality_answer()
    {
        await PublishRoundsAsync(5);

        using var upstream = await GetJsonAsync("/api/history/upstreams/zeam_0", HttpStatusCode.OK);
        var change = Assert.Single(upstream.RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal("ok", change.GetProperty("state").GetString());
        Assert.Equal("initial", change.GetProperty("changed")[0].GetString());

        using var events = await GetJsonAsync("/api/history/events?kind=finalized", HttpStatusCode.OK);
        Assert.Equal(5, events.RootElement.GetProperty("events").GetArrayLength());

        // No alert in five healthy rounds: an empty page, not an error.
        using var alerts = await GetJsonAsync("/api/history/alerts?kind=upstream_down", HttpStatusCode.OK);
        Assert.Equal(0, alerts.RootElement.GetProperty("alerts").GetArrayLength());

        using var status = await GetJsonAsync("/api/history/status", HttpStatusCode.OK);
        Assert.True(status.RootElement.GetProperty("enabled").GetBoolean());
        Assert.False(status.RootElement.GetProperty("degraded").GetBoolean());

        using var uptime = await GetJsonAsync("/api/history/uptime?window=30d", HttpStatusCode.OK);
        Assert.Equal("30d", uptime.RootElement.GetProperty("window").GetString());

        using var finality = await GetJsonAsync("/api/history/finality?window=24h&points=100", HttpStatusCode.OK);
        Assert.True(finality.RootElement.GetProperty("bucket_ms").GetInt64() > 0);
    }

    [Theory]
    [InlineData("/api/history/rounds?from=2026-13-01", "'from'")]
    [InlineData("/api/history/rounds?from=2000&to=1000", "must be before 'to'")]
    [InlineData("/api/history/rounds?from=0&to=99999999999999", "longer than history keeps")]
    [InlineData("/api/history/rounds?limit=0", "'limit'")]
    [InlineData("/api/history/rounds?limit=abc", "'limit'")]
    [InlineData("/api/history/rounds?cursor=-5", "'cursor'")]
    [InlineData("/api/history/events?kind=fork", "'kind'")]
    [InlineData("/api/history/alerts?kind=finalized", "fork_detected, upstream_down")]
    [InlineData("/api/history/uptime?window=1y", "24h, 7d, 30d")]
    [InlineData("/api/history/finality?points=99999", "'points'")]
    public async Task Bad_parameters_are_400_with_a_clear_message(string url, string expected)
    {
        using var body = await GetJsonAsync(url, HttpStatusCode.BadRequest);

        Assert.Contains(expected, body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_store_is_503_and_the_server_keeps_serving()
    {
        // Let the writer finish migrating first, so it is not recreating the file while the test breaks the folder.
        var reader = _app!.Services.GetRequiredService<HistoryReader>();
        await HistorySnapshots.Until(() => reader.RoundsAsync(new HistoryRange(0, 1, 1), CancellationToken.None).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default).GetAwaiter().GetResult(), "schema migrated");
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_folder))
        {
            File.Delete(file);
        }

        Directory.Delete(_folder);
        await File.WriteAllTextAsync(_folder, "a file where the history folder was");
        try
        {
            using var body = await GetJsonAsync("/api/history/rounds", HttpStatusCode.ServiceUnavailable);
            Assert.Contains("unavailable", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
            using var status = await GetJsonAsync("/api/history/status", HttpStatusCode.OK);
            Assert.True(status.RootElement.GetProperty("enabled").GetBoolean());
        }
        finally
        {
            File.Delete(_folder);
        }
    }

    [Fact]
    public void Every_route_carries_the_openapi_metadata_the_document_is_built_from()
    {
        // The document itself is built by the host's AddOpenApi (wired by the lead); here: names, tags and bodies.
        var endpoints = _app!.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/history/", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(
            ["/api/history/alerts", "/api/history/events", "/api/history/finality", "/api/history/rounds", "/api/history/status", "/api/history/upstreams/{name}", "/api/history/upstreams/{name}/latency", "/api/history/uptime"],
            endpoints.Select(e => e.RoutePattern.RawText).Order(StringComparer.Ordinal));
        Assert.All(endpoints, e =>
        {
            Assert.NotNull(e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>());
            Assert.Contains(e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>(), m => m.StatusCode == 200);
        });
        var rounds = endpoints.Single(e => e.RoutePattern.RawText == "/api/history/rounds");
        Assert.Contains(rounds.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>(), m => m.StatusCode == 400 && m.Type == typeof(HistoryErrorResponse));
    }

    [Fact]
    public async Task With_history_off_the_routes_say_so()
    {
        await using var app = await StartAsync(HistoryOptions.Off);
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        using var response = await client.GetAsync(new Uri("/api/history/rounds", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("history is off", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    private static async Task<WebApplication> StartAsync(string path)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Monitor:History:Path"] = path,
            ["Monitor:History:Instance"] = "api-test",
            ["Monitor:History:QueryTimeout"] = "00:00:05",
        });
        builder.Logging.ClearProviders();
        // The clock sits an hour after the test rounds, so the default range (the last 24 h) covers them.
        builder.Services.AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(HistorySnapshots.Start + TimeSpan.FromHours(1)));
        builder.Services.AddSingleton(Options.Create(new CheckpointSyncOptions()));
        builder.Services.AddSingleton(Options.Create(new ConsensusOptions()));
        builder.Services.AddSingleton<MonitorSnapshotStore>();
        builder.Services.AddSingleton<IMonitorSnapshotSource>(sp => sp.GetRequiredService<MonitorSnapshotStore>());
        builder.Services.AddHistory(builder.Configuration);
        var app = builder.Build();
        app.MapHistory();
        await app.StartAsync();
        return app;
    }

    private async Task PublishRoundsAsync(int count)
    {
        var health = _app!.Services.GetRequiredService<HistoryHealth>();
        var before = health.RowsWritten;
        for (var n = 1; n <= count; n++)
        {
            _snapshots!.Publish(HistorySnapshots.Devnet(n));
        }

        await HistorySnapshots.Until(() => health.BatchesWritten > 0, "the first batch written (schema migrated)");
        var reader = _app.Services.GetRequiredService<HistoryReader>();
        await HistorySnapshots.Until(
            () => reader.RoundsAsync(new HistoryRange(0, long.MaxValue, 1000), CancellationToken.None).GetAwaiter().GetResult().Rows.Count == count,
            $"{count} rounds written (rows before: {before})");
    }

    private async Task<JsonDocument> GetJsonAsync(string url, HttpStatusCode expected)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: expected {expected}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
