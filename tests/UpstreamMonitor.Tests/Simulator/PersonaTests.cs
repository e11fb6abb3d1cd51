using System.Net;
using System.Net.Sockets;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

public sealed class PersonaTests
{
    [Fact]
    public async Task Flaky_alternates_success_and_503_per_route()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(1, DevnetTestClient.NewClock(), Persona.Flaky), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.GetAsync(devnet.Nodes[0], "/lean/v0/fork_choice");
            statuses.Add(response.StatusCode);
        }

        using var health = await http.GetAsync(devnet.Nodes[0], "/lean/v0/health");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable], statuses);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("/lean/v0/fork_choice")]
    [InlineData("/lean/v0/checkpoints/justified")]
    [InlineData("/lean/v0/states/finalized")]
    [InlineData("/lean/v0/blocks/finalized")]
    [InlineData("/lean/v0/admin/aggregator")]
    public async Task Booting_answers_503_on_every_route_but_health(string path)
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(2, DevnetTestClient.NewClock(), Persona.Booting, Persona.Booting), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        foreach (var node in devnet.Nodes)
        {
            using var health = await http.GetAsync(node, "/lean/v0/health");
            using var other = await http.GetAsync(node, path, "application/octet-stream");

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, other.StatusCode);
        }
    }

    [Fact]
    public async Task Hung_accepts_the_request_and_never_answers()
    {
        var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(1, DevnetTestClient.NewClock(), Persona.Hung), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient(Timeout.InfiniteTimeSpan);
        var request = http.GetAsync(devnet.Nodes[0], "/lean/v0/health");
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (devnet.Traffic.InFlightRequests == 0)
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        // The server holds the request: a short client timeout would expire, the answer never comes.
        await Assert.ThrowsAsync<TimeoutException>(() => request.WaitAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, devnet.Traffic.RequestsTo(devnet.Nodes[0]));

        await devnet.DisposeAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => request.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Full_accept_queue_makes_connect_itself_hang()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(2, DevnetTestClient.NewClock(), Persona.FullAcceptQueue), CancellationToken.None);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await socket.ConnectAsync(IPAddress.Loopback, devnet.Nodes[0].Port, timeout.Token));

        Assert.Equal(Persona.FullAcceptQueue, devnet.Nodes[0].Persona);
        Assert.NotEqual(devnet.Nodes[0].Port, devnet.Nodes[1].Port);
    }

    [Fact]
    public async Task Minority_fork_reports_the_same_slots_with_different_roots()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(2, DevnetTestClient.NewClock(), Persona.Healthy, Persona.MinorityFork), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var canonical = await http.GetJsonAsync(devnet.Nodes[0], "/lean/v0/fork_choice");
        var fork = await http.GetJsonAsync(devnet.Nodes[1], "/lean/v0/fork_choice");

        foreach (var checkpoint in new[] { "justified", "finalized" })
        {
            Assert.Equal(canonical.GetProperty(checkpoint).GetProperty("slot").GetInt64(), fork.GetProperty(checkpoint).GetProperty("slot").GetInt64());
            Assert.NotEqual(canonical.GetProperty(checkpoint).GetProperty("root").GetString(), fork.GetProperty(checkpoint).GetProperty("root").GetString());
        }

        Assert.NotEqual(canonical.GetProperty("head").GetString(), fork.GetProperty("head").GetString());
        Assert.Equal(devnet.Chain.BlockRoot(devnet.CurrentSlot, minorityFork: true), fork.GetProperty("head").GetString());
        // Below the fork slot both chains share history.
        Assert.Equal(devnet.Chain.BlockRoot(devnet.Chain.ForkSlot - 1), devnet.Chain.BlockRoot(devnet.Chain.ForkSlot - 1, minorityFork: true));
    }

    [Fact]
    public async Task Laggard_trails_head_justified_and_finalized()
    {
        var options = DevnetTestClient.Options(2, DevnetTestClient.NewClock(), Persona.Healthy, Persona.Laggard);
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var laggard = await http.GetJsonAsync(devnet.Nodes[1], "/lean/v0/fork_choice");

        var head = devnet.CurrentSlot - options.LaggardLagSlots;
        Assert.Equal(devnet.Chain.BlockRoot(head), laggard.GetProperty("head").GetString());
        Assert.Equal(head - 2, laggard.GetProperty("justified").GetProperty("slot").GetInt64());
        Assert.Equal(head - 4, laggard.GetProperty("finalized").GetProperty("slot").GetInt64());
    }

    [Fact]
    public async Task Failing_and_garbage_answer_every_route_with_500_and_html()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(2, DevnetTestClient.NewClock(), Persona.Failing, Persona.Garbage), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        using var failing = await http.GetAsync(devnet.Nodes[0], "/lean/v0/health");
        using var garbage = await http.GetAsync(devnet.Nodes[1], "/lean/v0/fork_choice");

        Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
        Assert.Equal("text/html", garbage.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personas_switch_at_runtime_except_the_listener_level_one()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(2, DevnetTestClient.NewClock()), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();
        var node = devnet.Nodes[1];

        devnet.SetPersona(node.Name, Persona.Booting);
        using var booting = await http.GetAsync(node, "/lean/v0/fork_choice");
        devnet.SetPersona(1, Persona.Healthy);
        using var healthy = await http.GetAsync(node, "/lean/v0/fork_choice");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, booting.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Throws<InvalidOperationException>(() => devnet.SetPersona(node.Name, Persona.FullAcceptQueue));
        Assert.Throws<KeyNotFoundException>(() => devnet.SetPersona("nobody_0", Persona.Hung));
    }

    [Fact]
    public async Task Response_latency_delays_every_answer()
    {
        var options = DevnetTestClient.Options(1, DevnetTestClient.NewClock());
        options.ResponseLatency = TimeSpan.FromMilliseconds(400);
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient(TimeSpan.FromMilliseconds(100));

        // Shorter client timeout than the latency: the answer cannot arrive in time.
        await Assert.ThrowsAsync<TaskCanceledException>(() => http.GetAsync(devnet.Nodes[0], "/lean/v0/health"));
    }

    [Fact]
    public async Task Per_node_latency_delays_only_that_node()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(2, DevnetTestClient.NewClock()), CancellationToken.None);
        using var impatient = DevnetTestClient.NewHttpClient(TimeSpan.FromMilliseconds(100));
        using var patient = DevnetTestClient.NewHttpClient();

        devnet.SetLatency("ream_0", TimeSpan.FromMilliseconds(400));

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(devnet.Nodes[1], "/lean/v0/health"));
        using var other = await patient.GetAsync(devnet.Nodes[0], "/lean/v0/health");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(400), devnet.Nodes[1].ExtraLatency);
        Assert.Throws<ArgumentOutOfRangeException>(() => devnet.SetLatency(0, TimeSpan.FromSeconds(-1)));
    }
}
