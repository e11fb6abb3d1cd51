using System.Globalization;
using System.Text;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Faults;
using UpstreamMonitor.Tests.LeanApi;
using UpstreamMonitor.Tests.Polling.Support;
using UpstreamMonitor.Tests.Simulator;

namespace UpstreamMonitor.Tests.Polling;

/// <summary>
/// Conditional fork-choice fetches (decision 1230) through the real client and poll engine, against a scripted keep-alive
/// node on a loopback socket: a 304 to the kept ETag reuses the last parsed answer as a fresh success.
/// </summary>
[Collection(FaultsSuite.Name)]
public sealed class ForkChoiceRevalidationTests
{
    private const string TagV1 = "\"v1\"";
    private const string TagV2 = "W/\"v2\"";

    [Fact]
    public async Task A_304_to_the_kept_etag_reuses_the_last_fork_choice_as_a_fresh_success()
    {
        var body = Encoding.UTF8.GetBytes(ForkChoiceBodies.Valid());
        await using var node = LoopbackFaultServer.Start(ScriptedNode((index, head) => index == 0
            ? Ok(body, TagV1)
            : IfNoneMatchOf(head) == TagV1 ? NotModified(TagV1, hold: TimeSpan.FromMilliseconds(60)) : Ok(body, TagV1)));
        await using var poller = LoopbackPoller.Start("zeam_0", node.BaseUrl);

        var first = await poller.RoundAsync();
        var second = await poller.RoundAsync();
        var third = await poller.RoundAsync();

        Assert.Equal([null, TagV1, TagV1], ForkChoiceConditions(node));
        Assert.Equal(1, node.ConnectionsAccepted);
        var (one, two, three) = (Row(first), Row(second), Row(third));
        Assert.True(three is { State: UpstreamPollState.Ok, Healthy: true, ErrorCount: 0, LastError: null, ForkChoiceNotModifiedTotal: 2 }, $"{three.State} {three.LastError}");
        Assert.Equal(3, three.LastPolledRound);
        Assert.Equal(one.Chain, three.Chain);
        Assert.Equal(ForkChoiceBodies.FinalizedSlot, three.Chain.Finalized.Slot);
        Assert.Equal(ForkChoiceBodies.HeadSlot, three.Chain.Head.Slot);

        // The same parsed answer (not a copy, not a re-parse) and the same kept body, confirmed at the later poll.
        Assert.Same(one.Ancestry, three.Ancestry);
        Assert.Same(one.ForkChoiceBody, three.ForkChoiceBody);
        Assert.Equal(body, three.ForkChoiceBody!.Json.ToArray());
        Assert.True(three.ForkChoiceAt > one.ForkChoiceAt, $"{three.ForkChoiceAt:O} after {one.ForkChoiceAt:O}");

        // Latency is this poll's own exchange (the node held each 304 for 60 ms; timer and clock differ by a few ms),
        // not the first answer's carried over.
        Assert.True(two.Latency >= TimeSpan.FromMilliseconds(50), $"{two.Latency}");
        Assert.True(three.Latency >= TimeSpan.FromMilliseconds(50), $"{three.Latency}");

        // A reused answer still votes: one upstream of one is a majority.
        Assert.Equal(ForkChoiceBodies.FinalizedSlot, third.Consensus.Finalized?.Slot);
    }

    [Fact]
    public async Task A_changed_etag_replaces_the_kept_one_and_a_200_without_one_drops_it()
    {
        var bodies = new[] { ForkChoiceTree.Body(10, 20), ForkChoiceTree.Body(10, 21), ForkChoiceTree.Body(11, 22), ForkChoiceTree.Body(11, 23) };
        await using var node = LoopbackFaultServer.Start(ScriptedNode((index, _) => index switch
        {
            0 => Ok(bodies[0], TagV1),
            1 => Ok(bodies[1], TagV2),
            2 => Ok(bodies[2], etag: null),
            _ => Ok(bodies[3], TagV1),
        }));
        await using var poller = LoopbackPoller.Start("zeam_0", node.BaseUrl);

        MonitorSnapshot snapshot = null!;
        for (var round = 0; round < 4; round++)
        {
            snapshot = await poller.RoundAsync();
        }

        Assert.Equal([null, TagV1, TagV2, null], ForkChoiceConditions(node));
        var row = Row(snapshot);
        Assert.Equal(UpstreamPollState.Ok, row.State);
        Assert.Equal(23, row.Chain.Head.Slot);
        Assert.Equal(0, row.ForkChoiceNotModifiedTotal);
    }

    [Fact]
    public async Task A_304_with_no_previous_answer_is_the_upstreams_error_and_polling_goes_on()
    {
        // A node that answers 304 unasked, or one the monitor meets after its own restart with nothing kept.
        await using var node = LoopbackFaultServer.Start(ScriptedNode((_, _) => NotModified(TagV1)));
        await using var poller = LoopbackPoller.Start("zeam_0", node.BaseUrl);

        await poller.RoundAsync();
        var snapshot = await poller.RoundAsync();

        Assert.Equal([null, null], ForkChoiceConditions(node));
        var row = Row(snapshot);
        Assert.Equal(UpstreamPollState.Error, row.State);
        Assert.False(row.Healthy);
        Assert.Equal(2, row.ErrorCount);
        Assert.Equal("HTTP 304 Not Modified, but no If-None-Match was sent: there is no previous fork choice to reuse", row.LastError);
        Assert.Null(row.ForkChoiceBody);
    }

    [Fact]
    public async Task A_failed_poll_drops_the_kept_etag_so_the_next_fetch_is_unconditional()
    {
        var body = Encoding.UTF8.GetBytes(ForkChoiceBodies.Valid());
        await using var node = LoopbackFaultServer.Start(ScriptedNode((index, head) => index switch
        {
            0 => Ok(body, TagV1),
            1 => Response(503, "Service Unavailable", TagV1, "text/plain", "restarting"u8.ToArray()),
            _ => IfNoneMatchOf(head) == TagV1 ? NotModified(TagV1) : Ok(body, TagV1),
        }));
        await using var poller = LoopbackPoller.Start("zeam_0", node.BaseUrl);

        await poller.RoundAsync();
        var failed = Row(await poller.RoundAsync());
        var recovered = Row(await poller.RoundAsync());

        Assert.Equal(UpstreamPollState.Error, failed.State);
        Assert.Equal([null, TagV1, null], ForkChoiceConditions(node));
        Assert.True(recovered is { State: UpstreamPollState.Ok, LastError: null, ForkChoiceNotModifiedTotal: 0 }, $"{recovered.State} {recovered.LastError}");
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("\"has space\"")]
    [InlineData("\"caf\u00e9\"")]
    [InlineData("\"a\"b\"")]
    [InlineData("w/\"lower-case-weak\"")]
    [InlineData(null)]
    public async Task An_oversize_or_malformed_etag_is_not_kept(string? etag)
    {
        // Null stands for the oversize tag: 129 characters, one past the bound.
        etag ??= "\"" + new string('x', ForkChoiceETag.MaxLength - 1) + "\"";
        var body = Encoding.UTF8.GetBytes(ForkChoiceBodies.Valid());
        await using var node = LoopbackFaultServer.Start(ScriptedNode((_, _) => Ok(body, etag)));
        await using var poller = LoopbackPoller.Start("zeam_0", node.BaseUrl);

        await poller.RoundAsync();
        var snapshot = await poller.RoundAsync();

        Assert.Equal([null, null], ForkChoiceConditions(node));
        Assert.Equal(UpstreamPollState.Ok, Row(snapshot).State);
    }

    [Fact]
    public async Task The_reused_snapshot_keeps_its_chain_while_other_parses_recycle_the_pooled_blocks()
    {
        // Canonical chain 'a' from slot 10 to 60; the flood below parses a branch 'b' of the same size (same pool bucket).
        var body = ForkChoiceTree.Body(10, 60);
        await using var node = LoopbackFaultServer.Start(ScriptedNode((index, head) =>
            IfNoneMatchOf(head) == TagV1 ? NotModified(TagV1) : Ok(body, TagV1)));
        await using var poller = LoopbackPoller.Start("zeam_0", node.BaseUrl);
        var kept = Row(await poller.RoundAsync());

        // If the kept snapshot still pointed into a pooled ForkChoiceBlocks buffer, these parses would rent and overwrite it.
        var other = ForkChoiceTree.Body(10, 60, branch: 'b', forkSlot: 10);
        Parallel.For(0, 256, _ => Assert.True(ForkChoiceParser.Parse(other).IsSuccess));
        var reused = Row(await poller.RoundAsync());
        Parallel.For(0, 256, _ => Assert.True(ForkChoiceParser.Parse(other).IsSuccess));

        Assert.Equal(1, reused.ForkChoiceNotModifiedTotal);
        Assert.Same(kept.Ancestry, reused.Ancestry);
        var ancestry = reused.Ancestry!;
        Assert.Equal((10, 60, 51), (ancestry.OldestSlot, ancestry.HeadSlot, ancestry.Length));
        for (var slot = 10L; slot <= 60; slot++)
        {
            Assert.Equal(ChainVerdict.OnChain, ancestry.Judge(slot, ForkChoiceTree.Root('a', slot)));
            if (slot > 10)
            {
                Assert.Equal(ChainVerdict.OffChain, ancestry.Judge(slot, ForkChoiceTree.Root('b', slot)));
            }
        }

        Assert.Equal(body, reused.ForkChoiceBody!.Json.ToArray());
        Assert.Equal(ForkChoiceTree.Root('a', 60), reused.Chain.Head.Root);
    }

    [Fact]
    public async Task Against_a_simulated_node_that_serves_etags_the_monitor_gets_304s_until_the_chain_moves()
    {
        var clock = DevnetTestClient.NewClock();
        var options = DevnetTestClient.Options(1, clock, Persona.Healthy);
        options.ForkChoiceETags = true;
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        await using var poller = LoopbackPoller.Start("zeam_0", devnet.Nodes[0].BaseUrl);

        var first = Row(await poller.RoundAsync());
        var second = Row(await poller.RoundAsync());
        clock.Advance(options.SlotDuration);
        var moved = Row(await poller.RoundAsync());

        var cost = devnet.Traffic.CostOf(devnet.Nodes[0]);
        Assert.Equal(1, cost.NotModified);
        Assert.Equal(1, devnet.Traffic.NotModifiedResponses);
        Assert.True(second is { State: UpstreamPollState.Ok, ForkChoiceNotModifiedTotal: 1 }, $"{second.State} {second.LastError}");
        Assert.Same(first.ForkChoiceBody, second.ForkChoiceBody);
        Assert.True(moved is { State: UpstreamPollState.Ok, ForkChoiceNotModifiedTotal: 1 }, $"{moved.State} {moved.LastError}");
        Assert.True(moved.Chain.Head.Slot > first.Chain.Head.Slot, $"{moved.Chain.Head.Slot} after {first.Chain.Head.Slot}");
        Assert.NotSame(first.ForkChoiceBody, moved.ForkChoiceBody);

        // Two full fork-choice bodies went out; the 304 sent none.
        Assert.Equal(first.ForkChoiceBody!.Length + moved.ForkChoiceBody!.Length, devnet.Traffic[LeanRoute.ForkChoice].BytesWritten);
        Assert.Equal(3, devnet.Traffic[LeanRoute.ForkChoice].Requests);
        Assert.True(cost.ResponseBytes >= devnet.Traffic[LeanRoute.ForkChoice].BytesWritten, $"{cost.ResponseBytes}");
    }

    private static UpstreamStatus Row(MonitorSnapshot snapshot) => Assert.Single(snapshot.Upstreams);

    /// <summary>The If-None-Match value of a request head, or null when it sent none.</summary>
    private static string? IfNoneMatchOf(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("If-None-Match:", StringComparison.OrdinalIgnoreCase))
            {
                return line["If-None-Match:".Length..].Trim();
            }
        }

        return null;
    }

    private static Reply Ok(byte[] body, string? etag) => Response(200, "OK", etag, "application/json", body);

    private static Reply NotModified(string etag, TimeSpan hold = default) =>
        new(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\n\r\n"), hold);

    private static Reply Response(int status, string reason, string? etag, string contentType, byte[] body)
    {
        var tag = etag is null ? "" : $"ETag: {etag}\r\n";
        return new Reply(
            string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n{tag}Content-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n")
                + Encoding.UTF8.GetString(body),
            TimeSpan.Zero);
    }

    /// <summary>The If-None-Match of each fork-choice request the node received, in order (optional routes left out).</summary>
    private static IEnumerable<string?> ForkChoiceConditions(LoopbackFaultServer node) =>
        node.Requests.Where(IsForkChoice).Select(IfNoneMatchOf);

    private static bool IsForkChoice(string head) => head.StartsWith("GET /lean/v0/fork_choice ", StringComparison.Ordinal);

    /// <summary>
    /// A keep-alive node answering its n-th fork-choice request (over every connection) as <paramref name="script"/> says;
    /// the optional routes (aggregator, node info) get 404.
    /// </summary>
    private static FaultBehavior ScriptedNode(Func<int, string, Reply> script)
    {
        var served = -1;
        return async (connection, ct) =>
        {
            while (await connection.ReadRequestHeadAsync(ct) is { } head)
            {
                var reply = IsForkChoice(head)
                    ? script(Interlocked.Increment(ref served), head)
                    : Response(404, "Not Found", etag: null, "text/plain", "Not Found"u8.ToArray());
                if (reply.Hold > TimeSpan.Zero)
                {
                    await Task.Delay(reply.Hold, TimeProvider.System, ct);
                }

                await connection.WriteAsync(reply.Text, ct);
            }
        };
    }

    private readonly record struct Reply(string Text, TimeSpan Hold);
}
