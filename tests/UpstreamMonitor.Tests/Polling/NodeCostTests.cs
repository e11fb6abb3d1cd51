using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Faults;
using UpstreamMonitor.Tests.Polling.Support;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Polling;

/// <summary>
/// What polling costs a node, counted at a real keep-alive HTTP/1.1 node on loopback: connections it accepted, requests
/// it served, and the most of our requests it held at once (zeam serves one connection at a time).
/// </summary>
[Collection(FaultsSuite.Name)]
public sealed class NodeCostTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private int _inFlight;
    private int _maxInFlight;
    private int _forkChoiceRequests;
    private int _aggregatorRequests;

    [Fact]
    public async Task Rounds_reuse_one_connection_hold_one_request_at_a_time_and_ask_the_aggregator_every_n_rounds()
    {
        await using var node = LoopbackFaultServer.Start(KeepAliveNode);

        var snapshot = await PollAsync(node.BaseUrl, rounds: 7, aggregatorEveryRounds: 3);

        var row = Assert.Single(snapshot.Upstreams);
        Assert.True(row is { State: UpstreamPollState.Ok, IsAggregator: true }, $"{row.State} {row.LastError} aggregator {row.IsAggregator}");
        Assert.Equal(1, node.ConnectionsAccepted);
        Assert.Equal(7, Volatile.Read(ref _forkChoiceRequests));

        // Rounds 1, 4 and 7; in between the registry keeps the last answer.
        Assert.Equal(3, Volatile.Read(ref _aggregatorRequests));
        Assert.Equal(1, Volatile.Read(ref _maxInFlight));
    }

    [Fact]
    public async Task The_aggregator_is_asked_after_the_fork_choice_and_not_at_all_when_the_fork_choice_fails()
    {
        await using var node = LoopbackFaultServer.Start(async (connection, ct) =>
        {
            while (await connection.ReadRequestHeadAsync(ct) is { } head)
            {
                Count(head);
                await connection.WriteAsync(Response(503, "Service Unavailable", "text/plain", "syncing"u8.ToArray()), ct);
            }
        });

        var snapshot = await PollAsync(node.BaseUrl, rounds: 2, aggregatorEveryRounds: 1);

        var row = Assert.Single(snapshot.Upstreams);
        Assert.Equal(UpstreamPollState.Error, row.State);
        Assert.Equal(2, Volatile.Read(ref _forkChoiceRequests));
        Assert.Equal(0, Volatile.Read(ref _aggregatorRequests));
        Assert.Equal(["GET /lean/v0/fork_choice", "GET /lean/v0/fork_choice"], node.Requests.Select(RequestLine));
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(2, 1, true)]
    [InlineData(1, 10, true)]
    [InlineData(2, 10, false)]
    [InlineData(10, 10, false)]
    [InlineData(11, 10, true)]
    [InlineData(21, 10, true)]
    public void The_aggregator_schedule_asks_in_the_first_round_then_every_n(long round, int every, bool asks) =>
        Assert.Equal(asks, PollRound.AsksAggregator(round, every));

    private static string RequestLine(string head)
    {
        var line = head[..head.IndexOf('\r', StringComparison.Ordinal)];
        return line[..line.LastIndexOf(' ')];
    }

    private static string Response(int status, string reason, string contentType, byte[] body) =>
        string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n") +
        Encoding.UTF8.GetString(body);

    private void Count(string head)
    {
        if (head.StartsWith("GET /lean/v0/fork_choice", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _forkChoiceRequests);
        }
        else if (head.StartsWith("GET /lean/v0/admin/aggregator", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _aggregatorRequests);
        }
    }

    /// <summary>A well-behaved keep-alive node: answers every request on the connection it came on, counting what it holds.</summary>
    private async Task KeepAliveNode(FaultConnection connection, CancellationToken ct)
    {
        while (await connection.ReadRequestHeadAsync(ct) is { } head)
        {
            var held = Interlocked.Increment(ref _inFlight);
            Peak.Raise(ref _maxInFlight, held);
            Count(head);

            // Hold each request briefly so a second request from the same job, were it sent concurrently, would overlap.
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, ct);
            var body = head.StartsWith("GET /lean/v0/admin/aggregator", StringComparison.Ordinal)
                ? "{\"is_aggregator\":true}"u8.ToArray()
                : Encoding.UTF8.GetBytes(ForkChoiceBodies.Valid());
            Interlocked.Decrement(ref _inFlight);
            await connection.WriteAsync(Response(200, "OK", "application/json", body), ct);
        }
    }

    private static async Task<MonitorSnapshot> PollAsync(Uri url, int rounds, int aggregatorEveryRounds)
    {
        var source = new FakeUpstreamSource();
        source.Replace(new UpstreamSet([UpstreamDefinition.Create("zeam_0", url)], "test"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<PollingOptions>().Configure(o =>
        {
            o.TimeoutMs = 5_000;
            o.AggregatorEveryRounds = aggregatorEveryRounds;
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IUpstreamSource>(source);
        services.AddLeanApiClient();
        services.AddPolling();
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<PollEngine>();
        for (var round = 0; round < rounds; round++)
        {
            var statistics = await engine.RunRoundAsync(CancellationToken.None).WaitAsync(Guard);
            Assert.Equal(1, statistics.Completed);
        }

        return provider.GetRequiredService<IMonitorSnapshotSource>().Current;
    }
}
