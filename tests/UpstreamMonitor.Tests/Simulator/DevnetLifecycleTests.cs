using System.Net;
using System.Text.Json;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

public sealed class DevnetLifecycleTests
{
    [Fact]
    public async Task A_thousand_nodes_start_on_distinct_loopback_ports_and_stop()
    {
        var options = DevnetTestClient.Options(1_000, DevnetTestClient.NewClock());
        options.UseDefaultPersonaMix = true;
        var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        try
        {
            using var http = DevnetTestClient.NewHttpClient();
            Assert.Equal(1_000, devnet.Nodes.Count);
            Assert.Equal(1_000, devnet.Nodes.Select(n => n.Port).Distinct().Count());
            Assert.All(devnet.Nodes, n => Assert.Equal("127.0.0.1", n.BaseUrl.Host));
            Assert.Equal("nlean_124", devnet.Nodes[^1].Name);
            foreach (var node in new[] { devnet.Nodes[1], devnet.Nodes[500], devnet.Nodes[^1] }.Where(n => n.Persona == Persona.Healthy))
            {
                using var response = await http.GetAsync(node, "/lean/v0/fork_choice");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            await devnet.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        using var client = DevnetTestClient.NewHttpClient(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(devnet.Nodes[1], "/lean/v0/health"));
    }

    [Fact]
    public async Task Disposal_completes_while_hung_requests_are_open_and_fails_them()
    {
        var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(2, DevnetTestClient.NewClock(), Persona.Hung, Persona.Hung), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient(Timeout.InfiniteTimeSpan);
        var hung = devnet.Nodes.SelectMany(n => Enumerable.Range(0, 2).Select(_ => http.GetAsync(n, "/lean/v0/fork_choice"))).ToArray();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (devnet.Traffic.InFlightRequests < hung.Length)
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        Assert.Equal(4, devnet.Traffic.PeakInFlightRequests);
        Assert.Equal(4, devnet.Traffic.OpenConnections);

        // A "did not hang" guard, not a timing claim: disposal aborts hung requests instead of waiting for them.
        await devnet.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var request in hung)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => request.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Equal(0, devnet.Traffic.InFlightRequests);
    }

    [Fact]
    public async Task Disposal_closes_full_accept_queues_too()
    {
        var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(1, DevnetTestClient.NewClock(), Persona.FullAcceptQueue), CancellationToken.None);

        await devnet.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        using var http = DevnetTestClient.NewHttpClient(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(devnet.Nodes[0], "/lean/v0/health"));
    }

    [Fact]
    public async Task Upstreams_file_is_leanpoints_format_with_every_node()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(3, DevnetTestClient.NewClock()), CancellationToken.None);
        var path = Path.Combine(Path.GetTempPath(), $"sim-upstreams-{Guid.NewGuid():N}.json");
        try
        {
            await devnet.WriteUpstreamsJsonAsync(path, CancellationToken.None);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var upstreams = json.RootElement.GetProperty("upstreams").EnumerateArray().ToArray();
            Assert.Equal(["zeam_0", "ream_0", "qlean_0"], upstreams.Select(u => u.GetProperty("name").GetString()));
            Assert.Equal(devnet.Nodes.Select(n => $"http://127.0.0.1:{n.Port}"), upstreams.Select(u => u.GetProperty("url").GetString()));
            Assert.All(upstreams, u => Assert.Equal("/lean/v0/health", u.GetProperty("path").GetString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Invalid_options_are_refused_with_the_setting_named()
    {
        var options = DevnetTestClient.Options(0, DevnetTestClient.NewClock());
        options.StateSizeBytes = 100;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SimulatedDevnet.StartAsync(options, CancellationToken.None));

        Assert.Contains("NodeCount", error.Message, StringComparison.Ordinal);
        Assert.Contains("StateSizeBytes", error.Message, StringComparison.Ordinal);
    }
}
