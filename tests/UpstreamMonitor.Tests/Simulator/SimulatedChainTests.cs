using System.Net;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

public sealed class SimulatedChainTests
{
    [Fact]
    public async Task Slots_follow_the_injected_clock()
    {
        var clock = DevnetTestClient.NewClock();
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(1, clock), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var start = devnet.CurrentSlot;
        clock.Advance(TimeSpan.FromMilliseconds(249));
        var beforeBoundary = devnet.CurrentSlot;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterBoundary = devnet.CurrentSlot;
        clock.Advance(TimeSpan.FromMilliseconds(250 * 10));
        var body = await http.GetJsonAsync(devnet.Nodes[0], "/lean/v0/fork_choice");

        Assert.Equal(40, start);
        Assert.Equal(40, beforeBoundary);
        Assert.Equal(41, afterBoundary);
        Assert.Equal(51, devnet.CurrentSlot);
        Assert.Equal(devnet.Chain.BlockRoot(51), body.GetProperty("head").GetString());
        Assert.Equal(49, body.GetProperty("justified").GetProperty("slot").GetInt64());
        Assert.Equal(47, body.GetProperty("finalized").GetProperty("slot").GetInt64());
    }

    [Fact]
    public async Task Justified_and_finalized_never_go_below_genesis()
    {
        var options = DevnetTestClient.Options(1, DevnetTestClient.NewClock());
        options.StartSlot = 1;
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var body = await http.GetJsonAsync(devnet.Nodes[0], "/lean/v0/fork_choice");

        Assert.Equal(0, body.GetProperty("justified").GetProperty("slot").GetInt64());
        Assert.Equal(0, body.GetProperty("finalized").GetProperty("slot").GetInt64());
        Assert.Equal(2, body.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_devnet_and_another_seed_other_roots()
    {
        var first = await StartAsync(seed: 7);
        var second = await StartAsync(seed: 7);
        var other = await StartAsync(seed: 8);
        await using (first)
        await using (second)
        await using (other)
        {
            using var http = DevnetTestClient.NewHttpClient();
            var firstBody = await ForkChoiceTextAsync(http, first);
            var secondBody = await ForkChoiceTextAsync(http, second);
            var otherBody = await ForkChoiceTextAsync(http, other);

            Assert.Equal(first.Nodes.Select(n => (n.Name, n.Persona, n.IsAggregator)), second.Nodes.Select(n => (n.Name, n.Persona, n.IsAggregator)));
            Assert.Equal(firstBody, secondBody);
            Assert.NotEqual(firstBody, otherBody);
            Assert.NotEqual(first.Chain.BlockRoot(40), other.Chain.BlockRoot(40));
            Assert.Contains(first.Nodes, n => n.IsAggregator);
            Assert.Contains(first.Nodes, n => !n.IsAggregator);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_devnet_has_at_least_one_aggregator(int nodes)
    {
        foreach (var seed in new long[] { 0, 1, 2, -5, long.MaxValue })
        {
            var options = DevnetTestClient.Options(nodes, DevnetTestClient.NewClock());
            options.Seed = seed;
            await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);

            Assert.Contains(devnet.Nodes, n => n.IsAggregator);
        }
    }

    private static Task<SimulatedDevnet> StartAsync(long seed)
    {
        var options = DevnetTestClient.Options(16, DevnetTestClient.NewClock());
        options.Seed = seed;
        options.UseDefaultPersonaMix = true;
        return SimulatedDevnet.StartAsync(options, CancellationToken.None);
    }

    private static async Task<string> ForkChoiceTextAsync(HttpClient http, SimulatedDevnet devnet)
    {
        var healthy = devnet.Nodes.First(n => n.Persona == Persona.Healthy);
        using var response = await http.GetAsync(healthy, "/lean/v0/fork_choice");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
