using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

public sealed class SimulatedDevnetRoutesTests
{
    private static string HexAt(byte[] bytes, int offset) => "0x" + Convert.ToHexStringLower(bytes.AsSpan(offset, 32));

    [Fact]
    public async Task Health_answers_the_fixed_body_as_json()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(2, DevnetTestClient.NewClock()), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var health = await http.GetJsonAsync(devnet.Nodes[0], "/lean/v0/health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("lean-rpc-api", health.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Fork_choice_in_the_spec_shape_lists_every_block_from_finalized_to_head()
    {
        var clock = DevnetTestClient.NewClock();
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(2, clock), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var body = await http.GetJsonAsync(devnet.Nodes[1], "/lean/v0/fork_choice");

        var head = devnet.CurrentSlot;
        var headRoot = body.GetProperty("head").GetString();
        Assert.Equal(devnet.Chain.BlockRoot(head), headRoot);
        Assert.Equal(head - 2, body.GetProperty("justified").GetProperty("slot").GetInt64());
        Assert.Equal(devnet.Chain.BlockRoot(head - 2), body.GetProperty("justified").GetProperty("root").GetString());
        Assert.Equal(head - 4, body.GetProperty("finalized").GetProperty("slot").GetInt64());
        Assert.Equal(devnet.Chain.BlockRoot(head - 4), body.GetProperty("finalized").GetProperty("root").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("safe_target").ValueKind);
        Assert.Equal(2, body.GetProperty("validator_count").GetInt32());

        var nodes = body.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal([head - 4, head - 3, head - 2, head - 1, head], nodes.Select(n => n.GetProperty("slot").GetInt64()));
        Assert.All(nodes, n => Assert.True(n.TryGetProperty("proposer_index", out _)));
        Assert.All(nodes.Skip(1).Zip(nodes), pair =>
            Assert.Equal(pair.Second.GetProperty("root").GetString(), pair.First.GetProperty("parent_root").GetString()));
        Assert.Equal(headRoot, nodes[^1].GetProperty("root").GetString());
        Assert.All(nodes, n => Assert.Matches("^0x[0-9a-f]{64}$", n.GetProperty("root").GetString()));
    }

    [Fact]
    public async Task Zeam_shape_serves_head_and_safe_target_as_objects_without_proposer_index()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(2, DevnetTestClient.NewClock(), Persona.ZeamShape), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var body = await http.GetJsonAsync(devnet.Nodes[0], "/lean/v0/fork_choice");

        var head = body.GetProperty("head");
        Assert.Equal(JsonValueKind.Object, head.ValueKind);
        Assert.Equal(devnet.CurrentSlot, head.GetProperty("slot").GetInt64());
        Assert.Equal(devnet.Chain.BlockRoot(devnet.CurrentSlot), head.GetProperty("root").GetString());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("safe_target").ValueKind);
        Assert.Matches("^0x[0-9a-f]{64}$", body.GetProperty("safe_target").GetProperty("root").GetString());
        Assert.All(body.GetProperty("nodes").EnumerateArray(), n => Assert.False(n.TryGetProperty("proposer_index", out _)));
    }

    [Fact]
    public async Task Justified_checkpoint_matches_fork_choice()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(1, DevnetTestClient.NewClock()), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        var justified = await http.GetJsonAsync(devnet.Nodes[0], "/lean/v0/checkpoints/justified");
        var forkChoice = await http.GetJsonAsync(devnet.Nodes[0], "/lean/v0/fork_choice");

        Assert.Equal(forkChoice.GetProperty("justified").GetRawText(), justified.GetRawText());
    }

    [Fact]
    public async Task Finalized_state_has_the_configured_size_and_a_correct_prefix()
    {
        var options = DevnetTestClient.Options(2, DevnetTestClient.NewClock());
        options.StateSizeBytes = 300_000;
        options.StatePrefixHold = TimeSpan.Zero;
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        using var response = await http.GetAsync(devnet.Nodes[0], "/lean/v0/states/finalized", "application/octet-stream");
        var state = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(300_000, response.Content.Headers.ContentLength);
        Assert.Equal(300_000, state.Length);
        var finalized = devnet.CurrentSlot - 4;
        Assert.Equal(devnet.Chain.GenesisTime, BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(0)));
        Assert.Equal((ulong)finalized, BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(8)));
        Assert.Equal((ulong)finalized, BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(16)));
        Assert.Equal(devnet.Chain.BlockRoot(finalized - 1), HexAt(state, 32));
        Assert.True(state.AsSpan(64, 32).IndexOfAnyExcept((byte)0) < 0, "state_root is zero in a served post-state");
        Assert.Equal(devnet.Chain.BlockRoot(finalized - 2), HexAt(state, 128));
        Assert.Equal((ulong)(finalized - 2), BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(160)));
        Assert.Equal(devnet.Chain.BlockRoot(finalized - 4), HexAt(state, 168));
        Assert.Equal((ulong)(finalized - 4), BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(200)));
        var offsets = Enumerable.Range(0, 5).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(state.AsSpan(208 + (i * 4)))).ToArray();
        Assert.Equal(228u, offsets[0]);
        Assert.Equal(offsets.Order(), offsets);
        Assert.True(offsets[^1] <= state.Length);
        Assert.Equal(new RouteTraffic(1, 300_000), devnet.Traffic[LeanRoute.FinalizedState]);
    }

    [Fact]
    public async Task A_prefix_read_of_a_16_MiB_state_makes_the_server_send_under_64_KiB()
    {
        var options = DevnetTestClient.Options(1, DevnetTestClient.NewClock());
        options.StateSizeBytes = 16L << 20;
        // Generous on a loaded CI machine: the hold only has to outlast the client's read of 228 bytes and its abort.
        options.StatePrefixHold = TimeSpan.FromSeconds(2);
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();
        var prefix = new byte[228];

        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(devnet.Nodes[0].BaseUrl, "/lean/v0/states/finalized")))
        {
            request.Headers.Accept.ParseAdd("application/octet-stream");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(16L << 20, response.Content.Headers.ContentLength);
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.ReadExactlyAsync(prefix);
        }

        await WaitUntilAsync(() => devnet.Traffic.InFlightRequests == 0);
        Assert.Equal((ulong)(devnet.CurrentSlot - 4), BinaryPrimitives.ReadUInt64LittleEndian(prefix.AsSpan(8)));
        var sent = devnet.Traffic[LeanRoute.FinalizedState].BytesWritten;
        Assert.InRange(sent, 228, (64 * 1024) - 1);
    }

    [Fact]
    public async Task Ream_answers_json_unless_accept_is_exactly_octet_stream_and_others_refuse_json_only_accept()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(3, DevnetTestClient.NewClock()), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();
        var ream = devnet["ream_0"];
        var qlean = devnet["qlean_0"];

        using var reamLoose = new HttpRequestMessage(HttpMethod.Get, new Uri(ream.BaseUrl, "/lean/v0/states/finalized"));
        reamLoose.Headers.TryAddWithoutValidation("Accept", "application/octet-stream, */*");
        using var reamLooseResponse = await http.SendAsync(reamLoose);
        using var reamExact = await http.GetAsync(ream, "/lean/v0/states/finalized", "application/octet-stream");
        using var qleanJson = await http.GetAsync(qlean, "/lean/v0/states/finalized", "application/json");

        Assert.Equal("application/json", reamLooseResponse.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await reamLooseResponse.Content.ReadAsStringAsync());
        Assert.Equal(devnet.CurrentSlot - 4, json.RootElement.GetProperty("slot").GetInt64());
        Assert.Equal("application/octet-stream", reamExact.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotAcceptable, qleanJson.StatusCode);
    }

    [Fact]
    public async Task Finalized_block_is_served_by_some_clients_and_404_on_others()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(3, DevnetTestClient.NewClock()), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();

        using var served = await http.GetAsync(devnet["ream_0"], "/lean/v0/blocks/finalized", "application/octet-stream");
        using var missing = await http.GetAsync(devnet["qlean_0"], "/lean/v0/blocks/finalized", "application/octet-stream");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/octet-stream", served.Content.Headers.ContentType?.MediaType);
        var block = await served.Content.ReadAsByteArrayAsync();
        Assert.Equal((ulong)(devnet.CurrentSlot - 4), BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(8)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(devnet["qlean_0"].ServesFinalizedBlock);
    }

    [Fact]
    public async Task Aggregator_metrics_unknown_routes_and_writes_answer_as_a_lean_node_would()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(8, DevnetTestClient.NewClock()), CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();
        var node = devnet.Nodes[0];

        var aggregators = new List<bool>();
        foreach (var n in devnet.Nodes)
        {
            var body = await http.GetJsonAsync(n, "/lean/v0/admin/aggregator");
            aggregators.Add(body.GetProperty("is_aggregator").GetBoolean());
        }

        using var metrics = await http.GetAsync(node, "/metrics");
        var metricsText = await metrics.Content.ReadAsStringAsync();
        using var unknown = await http.GetAsync(node, "/lean/v0/nope");
        using var toggle = await http.PostAsync(new Uri(node.BaseUrl, "/lean/v0/admin/aggregator"), null);

        Assert.Equal(devnet.Nodes.Select(n => n.IsAggregator), aggregators);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"lean_head_slot {devnet.CurrentSlot}\n", metricsText, StringComparison.Ordinal);
        Assert.Contains($"lean_latest_finalized_slot {devnet.CurrentSlot - 4}\n", metricsText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, toggle.StatusCode);
        Assert.Equal(1, devnet.Traffic[LeanRoute.Unknown].Requests);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
