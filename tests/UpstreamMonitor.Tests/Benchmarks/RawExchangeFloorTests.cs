using System.Net;
using System.Net.Sockets;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Benchmarks;

/// <summary>The round-overhead floor: the monitor's question to every node, on kept-alive raw sockets, and nothing else.</summary>
public sealed class RawExchangeFloorTests
{
    [Fact]
    public async Task A_round_asks_every_node_its_fork_choice_once_on_one_kept_alive_connection_each()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var devnet = await DevnetRig.StartAsync(new DevnetSpec(6, TimeSpan.Zero), timeout.Token);
        using var floor = await RawExchangeFloor.OpenAsync(devnet.Upstreams, timeout.Token);

        for (var round = 1; round <= 3; round++)
        {
            devnet.ResetCounters();
            await floor.RunRoundAsync(concurrency: 2, TimeProvider.System, timeout.Token);

            var traffic = devnet.Read();
            Assert.Equal(6, devnet.RouteTraffic(LeanRoute.ForkChoice).Requests);
            Assert.Equal(6, traffic.Requests);
            Assert.All(devnet.NodeCosts(), cost => Assert.Equal(1, cost.Requests));
            Assert.True(traffic.PeakInFlightRequests <= 2, $"round {round}: {traffic.PeakInFlightRequests} requests in flight at once, more than C = 2");
            Assert.True(traffic.PeakOpenConnections <= 6, $"round {round}: {traffic.PeakOpenConnections} connections open, more than one per node");
        }
    }

    [Fact]
    public async Task A_node_that_does_not_answer_200_fails_the_round_with_its_status()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var node = AnswerOnceAsync(listener, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\nbooting"u8.ToArray(), timeout.Token);
        var upstream = UpstreamDefinition.Create("zeam_0", new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"));
        using var floor = await RawExchangeFloor.OpenAsync([upstream], timeout.Token);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => floor.RunRoundAsync(1, TimeProvider.System, timeout.Token));

        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        await node;
    }

    /// <summary>A node of one connection and one answer, whatever it is asked.</summary>
    private static async Task AnswerOnceAsync(TcpListener listener, byte[] answer, CancellationToken cancellationToken)
    {
        using var socket = await listener.AcceptSocketAsync(cancellationToken);
        var buffer = new byte[4096];
        var received = 0;
        while (buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8) < 0)
        {
            received += await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
        }

        await socket.SendAsync(answer, SocketFlags.None, cancellationToken);
    }
}
