using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Http.Events;

namespace UpstreamMonitor.Tests.Http;

public sealed class EventStreamTests
{
    [Fact]
    public async Task Each_published_round_arrives_as_one_event_with_the_status_body_and_round()
    {
        await using var host = await KestrelMonitorHost.StartAsync();
        using var response = await host.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        for (var round = 1; round <= 3; round++)
        {
            host.Store.Publish(TestSnapshots.Devnet(round, host.Time.GetUtcNow(), finalized: 8 * round));
        }

        var events = new List<(string Name, string Id, JsonDocument Data)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (events.Count < 3)
        {
            events.Add(await ReadEventAsync(reader, timeout.Token));
        }

        Assert.Equal(["1", "2", "3"], events.Select(e => e.Id).ToArray());
        Assert.All(events, e => Assert.Equal("round", e.Name));
        for (var i = 0; i < 3; i++)
        {
            var data = events[i].Data.RootElement;
            Assert.Equal(8 * (i + 1), data.GetProperty("finalized_slot").GetInt64());
            Assert.False(data.GetProperty("stale").GetBoolean());
            Assert.Equal(JsonValueKind.Null, data.GetProperty("last_error").ValueKind);
            Assert.Equal(i + 1, data.GetProperty("round").GetProperty("number").GetInt64());
            Assert.Equal(3, data.GetProperty("round").GetProperty("completed").GetInt32());
            events[i].Data.Dispose();
        }
    }

    [Fact]
    public async Task An_alert_that_fires_and_resolves_arrives_as_two_alert_events_beside_the_rounds()
    {
        await using var host = await KestrelMonitorHost.StartAsync();
        var hub = host.Services.GetRequiredService<SnapshotEventHub>();
        var alerts = host.Services.GetRequiredService<ActiveAlerts>();
        using var response = await host.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (hub.SubscriberCount == 0)
        {
            await Task.Delay(5, timeout.Token);
        }

        var fired = new AlertEvent
        {
            Id = "finality_stalled-7",
            Key = "finality_stalled",
            Kind = AlertKind.FinalityStalled,
            Severity = AlertSeverity.Critical,
            Slot = 96,
            FirstSeen = host.Time.GetUtcNow(),
            Summary = "Finality stalled at slot 96 for 16 slots",
        };
        alerts.Replace([fired], new AlertTransitions([fired], []));
        host.Store.Publish(TestSnapshots.Devnet(1, host.Time.GetUtcNow(), finalized: 96));
        var resolved = fired with { ResolvedAt = host.Time.GetUtcNow().AddSeconds(40) };
        alerts.Replace([], new AlertTransitions([], [resolved]));

        var events = new List<(string Name, string Id, JsonDocument Data)>();
        while (events.Count < 3)
        {
            events.Add(await ReadEventAsync(reader, timeout.Token));
        }

        // Rounds reach the stream through the snapshot lane, alerts straight from the pipeline: ordered within each.
        Assert.Equal(["finality_stalled-7:fired", "finality_stalled-7:resolved"], events.Where(e => e.Name == "alert").Select(e => e.Id).ToArray());
        Assert.Equal("1", Assert.Single(events, e => e.Name == "round").Id);
        var alertEvents = events.Where(e => e.Name == "alert").ToList();
        var firing = alertEvents[0].Data.RootElement;
        Assert.Equal("finality_stalled", firing.GetProperty("kind").GetString());
        Assert.Equal("critical", firing.GetProperty("severity").GetString());
        Assert.Equal(96, firing.GetProperty("slot").GetInt64());
        Assert.Equal(JsonValueKind.Null, firing.GetProperty("resolved_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, alertEvents[1].Data.RootElement.GetProperty("resolved_at").ValueKind);
        events.ForEach(e => e.Data.Dispose());
    }

    [Fact]
    public async Task A_new_subscriber_first_gets_the_current_round()
    {
        await using var host = await KestrelMonitorHost.StartAsync();
        host.Store.Publish(TestSnapshots.Devnet(7, host.Time.GetUtcNow(), finalized: 56));
        using var response = await host.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var first = await ReadEventAsync(reader, timeout.Token);

        Assert.Equal("7", first.Id);
        Assert.Equal(56, first.Data.RootElement.GetProperty("finalized_slot").GetInt64());
        first.Data.Dispose();
    }

    [Fact]
    public async Task The_start_up_snapshot_of_pending_rows_is_not_an_event()
    {
        await using var host = await KestrelMonitorHost.StartAsync();
        using var response = await host.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        host.Store.Publish(TestSnapshots.Devnet(1, host.Time.GetUtcNow(), finalized: 8) with { LastRound = null });
        host.Store.Publish(TestSnapshots.Devnet(2, host.Time.GetUtcNow(), finalized: 8));
        var first = await ReadEventAsync(reader, timeout.Token);

        Assert.Equal("2", first.Id);
        first.Data.Dispose();
    }

    [Fact]
    public async Task A_disconnected_client_is_unsubscribed()
    {
        await using var host = await KestrelMonitorHost.StartAsync();
        var hub = host.Services.GetRequiredService<SnapshotEventHub>();
        using (var response = await host.Client.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(1, hub.SubscriberCount);
        }

        // The server notices the closed connection on its next write or read; publishing makes it write.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var version = 1;
        while (hub.SubscriberCount > 0)
        {
            host.Store.Publish(TestSnapshots.Devnet(version++, host.Time.GetUtcNow(), finalized: 8));
            await Task.Delay(20, guard.Token);
        }

        Assert.Equal(0, hub.SubscriberCount);
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_keeps_only_the_newest_rounds_and_never_blocks_publication()
    {
        using var hub = new SnapshotEventHub();
        using var subscription = hub.Subscribe();
        Assert.NotNull(subscription);

        for (var round = 1; round <= 100; round++)
        {
            var delivery = hub.OnSnapshotAsync(TestSnapshots.Devnet(round, TestSnapshots.Start, finalized: 8), CancellationToken.None);
            Assert.True(delivery.IsCompletedSuccessfully);
            await delivery;
        }

        var queued = new List<long>();
        while (subscription.Reader.TryRead(out var item))
        {
            queued.Add(item.Snapshot!.Version);
        }

        Assert.Equal(Enumerable.Range(101 - SnapshotEventHub.QueueCapacity, SnapshotEventHub.QueueCapacity).Select(v => (long)v), queued);
    }

    private static async Task<(string Name, string Id, JsonDocument Data)> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? name = null, id = null, data = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("event stream ended");
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return (name ?? "message", id ?? string.Empty, JsonDocument.Parse(data));
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = line[..colon];
            var value = line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event": name = value; break;
                case "id": id = value; break;
                case "data": data = value; break;
            }
        }
    }
}
