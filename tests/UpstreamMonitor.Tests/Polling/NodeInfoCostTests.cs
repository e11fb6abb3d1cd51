using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Faults;
using UpstreamMonitor.Tests.Polling.Support;

namespace UpstreamMonitor.Tests.Polling;

/// <summary>
/// What the identity, version, syncing and genesis reads cost a node (decision 0904), counted at a real keep-alive node
/// on loopback that serves identity and genesis and 404s syncing and version, as an ethlambda-like client might.
/// </summary>
[Collection(FaultsSuite.Name)]
public sealed class NodeInfoCostTests
{
    private const long Genesis = 1_772_366_000;

    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;
    private volatile bool _forkChoiceFails;

    [Fact]
    public async Task Identity_is_read_at_the_first_answer_then_every_n_rounds_and_a_404_route_is_not_asked_again()
    {
        await using var node = LoopbackFaultServer.Start(Node);

        var snapshot = await PollAsync(node.BaseUrl, rounds: 7, identityEveryRounds: 3);

        var row = Assert.Single(snapshot.Upstreams);
        Assert.True(row.State == UpstreamPollState.Ok, row.LastError);
        Assert.Equal(7, Requests("/lean/v0/fork_choice"));

        // Rounds 1, 4 and 7 read identity and genesis; syncing said 404 in round 1 and is left alone since.
        Assert.Equal(3, Requests("/lean/v0/node/identity"));
        Assert.Equal(3, Requests("/lean/v0/genesis"));
        Assert.Equal(1, Requests("/lean/v0/node/syncing"));

        // Identity gave the version, so the version route is never asked.
        Assert.Equal(0, Requests("/lean/v0/node/version"));
        Assert.Equal(1, node.ConnectionsAccepted);
        Assert.Equal(1, Volatile.Read(ref _maxInFlight));
        Assert.Equal("ethlambda/v0.3.1", row.ClientVersion);
        Assert.Equal("16Uiu2HAmSim", row.PeerId);
        Assert.Equal(Genesis, row.GenesisTime);
        Assert.Null(row.Syncing);
    }

    [Fact]
    public async Task After_an_error_the_first_answer_reads_everything_again_including_a_route_that_said_404()
    {
        await using var node = LoopbackFaultServer.Start(Node);
        await using var poller = LoopbackPoller.Start("ethlambda_0", node.BaseUrl, o => o.IdentityEveryRounds = 100);
        await poller.RunRoundAsync(); // 1: first answer, everything read
        await poller.RunRoundAsync(); // 2: not due
        _forkChoiceFails = true;
        await poller.RunRoundAsync(); // 3: fails, nothing optional asked
        _forkChoiceFails = false;
        await poller.RunRoundAsync(); // 4: recovered, everything read again
        await poller.RunRoundAsync(); // 5: not due

        Assert.Equal(5, Requests("/lean/v0/fork_choice"));
        Assert.Equal(2, Requests("/lean/v0/node/identity"));
        Assert.Equal(2, Requests("/lean/v0/node/syncing"));
        Assert.Equal(2, Requests("/lean/v0/genesis"));
        Assert.Equal(1, Volatile.Read(ref _maxInFlight));
        var row = Assert.Single(poller.Current.Upstreams);
        Assert.Equal("ethlambda/v0.3.1", row.ClientVersion);
    }

    private int Requests(string path) => _requests.GetValueOrDefault(path);

    private async Task Node(FaultConnection connection, CancellationToken ct)
    {
        while (await connection.ReadRequestHeadAsync(ct) is { } head)
        {
            var held = Interlocked.Increment(ref _inFlight);
            Peak.Raise(ref _maxInFlight, held);
            var line = head[..head.IndexOf('\r', StringComparison.Ordinal)];
            var path = line.Split(' ')[1];
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);

            // Held briefly, so a second request of the same job sent concurrently would overlap.
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, ct);
            var (status, body) = path switch
            {
                "/lean/v0/fork_choice" when _forkChoiceFails => (503, "syncing"),
                "/lean/v0/fork_choice" => (200, ForkChoiceBodies.Valid()),
                "/lean/v0/admin/aggregator" => (200, "{\"is_aggregator\":false}"),
                "/lean/v0/node/identity" => (200, "{\"version\":\"ethlambda/v0.3.1\",\"peer_id\":\"16Uiu2HAmSim\"}"),
                "/lean/v0/genesis" => (200, string.Create(CultureInfo.InvariantCulture, $"{{\"genesis_time\":{Genesis}}}")),
                _ => (404, "Not Found"),
            };
            Interlocked.Decrement(ref _inFlight);
            var bytes = Encoding.UTF8.GetBytes(body);
            var reason = status switch { 200 => "OK", 404 => "Not Found", _ => "Service Unavailable" };
            await connection.WriteAsync(
                string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n") + body,
                ct);
        }
    }

    private static async Task<MonitorSnapshot> PollAsync(Uri url, int rounds, int identityEveryRounds)
    {
        await using var poller = LoopbackPoller.Start("ethlambda_0", url, o => o.IdentityEveryRounds = identityEveryRounds);
        for (var round = 0; round < rounds; round++)
        {
            await poller.RoundAsync();
        }

        return poller.Current;
    }
}
