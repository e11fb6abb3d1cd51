using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

/// <summary>The per-node counters the node-cost benchmark reads: what each node bore from its clients.</summary>
public sealed class NodeCostTests
{
    [Fact]
    public async Task Each_node_counts_its_own_requests_connections_request_bytes_and_concurrency()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(2, DevnetTestClient.NewClock(), Persona.Healthy, Persona.Hung), CancellationToken.None);
        var (healthy, hung) = (devnet.Nodes[0], devnet.Nodes[1]);
        using var first = DevnetTestClient.NewHttpClient();
        using var second = DevnetTestClient.NewHttpClient();

        // Two clients, so two connections to the healthy node; two requests on the first one, kept alive.
        (await first.GetAsync(healthy, "/lean/v0/health")).Dispose();
        (await first.GetAsync(healthy, "/lean/v0/fork_choice")).Dispose();
        (await second.GetAsync(healthy, "/lean/v0/health")).Dispose();

        // Two requests held open at once by the hung node.
        using var abandon = new CancellationTokenSource();
        var held = new[] { first, second }.Select(c => c.GetAsync(new Uri($"{hung.BaseUrl}lean/v0/fork_choice"), abandon.Token)).ToArray();
        while (devnet.Traffic.CostOf(hung).PeakInFlight < 2)
        {
            await Task.Yield();
        }

        var healthyCost = devnet.Traffic.CostOf(healthy);
        Assert.Equal(3, healthyCost.Requests);
        Assert.Equal(2, healthyCost.ConnectionsOpened);
        Assert.Equal(1, healthyCost.PeakInFlight);

        // "GET /lean/v0/health HTTP/1.1\r\n" alone is 30 bytes; a Host header and the blank line come on top.
        Assert.InRange(healthyCost.RequestBytes, 3 * 30, 3 * 200);
        Assert.Equal(2, devnet.Traffic.CostOf(hung).PeakInFlight);

        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(held));
        devnet.Traffic.Reset();
        Assert.Equal(new NodeCost(0, 0, 0, healthyCost.OpenConnections, 0, TimeSpan.Zero), devnet.Traffic.CostOf(healthy));
    }
}
