using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// Answers every request of every Kestrel-served node: finds the node by the local port the request arrived on, then
/// applies its persona and serves the lean API routes. One handler for all nodes keeps 1,000 nodes to one server.
/// </summary>
internal sealed class LeanNodeRequestHandler
{
    private const string OctetStream = "application/octet-stream";

    private static readonly byte[] HealthBody = """{"status":"healthy","service":"lean-rpc-api"}"""u8.ToArray();
    private static readonly byte[] AggregatorTrue = """{"is_aggregator":true}"""u8.ToArray();
    private static readonly byte[] AggregatorFalse = """{"is_aggregator":false}"""u8.ToArray();
    private static readonly byte[] BootingText = "node is starting: no store yet"u8.ToArray();
    private static readonly byte[] BootingJson = """{"error":"Store not initialized"}"""u8.ToArray();
    private static readonly byte[] UnavailableText = "Service Unavailable"u8.ToArray();
    private static readonly byte[] FailingJson = """{"error":"internal error"}"""u8.ToArray();
    private static readonly byte[] GarbageHtml = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"u8.ToArray();
    private static readonly byte[] NotFoundText = "Not Found"u8.ToArray();
    private static readonly byte[] MethodNotAllowedText = "Method Not Allowed"u8.ToArray();
    private static readonly byte[] NotAcceptableText = "Not Acceptable: this route serves application/octet-stream"u8.ToArray();

    // Latency and the prefix hold imitate the network, so they run on the system clock even when the chain follows a
    // fake one: a test advancing slots by hand must not also have to advance every response (decision 0301).
    private static readonly TimeProvider NetworkClock = TimeProvider.System;

    private readonly SimulatedDevnetOptions _options;
    private readonly SimulatedChain _chain;
    private readonly ChainResponseCache _responses;
    private readonly DevnetTraffic _traffic;
    private readonly CancellationToken _stopping;
    private readonly int _validatorCount;
    private readonly int _peerCount;
    private SimulatedNode?[] _nodesByPort = [];

    public LeanNodeRequestHandler(
        SimulatedDevnetOptions options, SimulatedChain chain, DevnetTraffic traffic, int validatorCount, CancellationToken stopping)
    {
        _options = options;
        _chain = chain;
        _traffic = traffic;
        _stopping = stopping;
        _validatorCount = validatorCount;
        _peerCount = options.NodeCount - 1;
        _responses = new ChainResponseCache(chain, validatorCount);
    }

    /// <summary>Publishes the port of every node once Kestrel has bound them.</summary>
    public void MapPorts(IEnumerable<SimulatedNode> nodes)
    {
        var byPort = new SimulatedNode?[ushort.MaxValue + 1];
        foreach (var node in nodes)
        {
            byPort[node.Port] = node;
        }

        Volatile.Write(ref _nodesByPort, byPort);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var byPort = Volatile.Read(ref _nodesByPort);
        var port = context.Connection.LocalPort;
        var node = port < byPort.Length ? byPort[port] : null;
        if (node is null)
        {
            // Only possible in the instant between binding and publishing the ports.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var route = LeanRoutes.Match(context.Request.Path.Value);
        var started = NetworkClock.GetTimestamp();
        _traffic.RequestStarted(route, node.Index, RequestHeadBytes(context.Request));
        // Stopping the devnet aborts every open request, hung ones included, so shutdown never waits on them.
        using var stopping = _stopping.UnsafeRegister(static state => ((HttpContext)state!).Abort(), context);
        var cancellationToken = context.RequestAborted;
        try
        {
            var persona = node.Persona;
            if (persona == Persona.Hung)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, NetworkClock, cancellationToken);
                return;
            }

            var delay = LatencyOf(route) + node.ExtraLatency + (persona == Persona.Slow ? _options.SlowLatency : TimeSpan.Zero);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, NetworkClock, cancellationToken);
            }

            await RespondAsync(context, node, persona, route, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up (a timeout, a prefix read) or the devnet is stopping: nothing left to answer.
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            // Same, surfaced by the transport rather than the token.
        }
        finally
        {
            _traffic.RequestEnded(node.Index, NetworkClock.GetElapsedTime(started));
        }
    }

    private TimeSpan LatencyOf(LeanRoute route) => route is LeanRoute.NodeIdentity or LeanRoute.NodeVersion or LeanRoute.NodeSyncing or LeanRoute.Genesis
        ? _options.NodeInfoLatency ?? _options.ResponseLatency
        : _options.ResponseLatency;

    /// <summary>The size of the request line and headers as HTTP/1.1 sent them: what a client costs a node to read.</summary>
    private static long RequestHeadBytes(HttpRequest request)
    {
        // "GET /lean/v0/fork_choice HTTP/1.1\r\n", then "Name: value\r\n" per header, then the blank line.
        long bytes = request.Method.Length + 1 + (request.Path.Value?.Length ?? 0);
        bytes += request.QueryString.Value?.Length ?? 0;
        bytes += 1 + request.Protocol.Length + 2;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                bytes += name.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }

        return bytes + 2;
    }

    private Task RespondAsync(HttpContext context, SimulatedNode node, Persona persona, LeanRoute route, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            // Read-only, like the monitor expects: the aggregator toggle (POST) is never served.
            context.Response.Headers.Allow = "GET, HEAD";
            return WriteAsync(context, route, StatusCodes.Status405MethodNotAllowed, "text/plain", MethodNotAllowedText, cancellationToken);
        }

        if (route == LeanRoute.Unknown)
        {
            return WriteAsync(context, route, StatusCodes.Status404NotFound, "text/plain", NotFoundText, cancellationToken);
        }

        switch (persona)
        {
            case Persona.Failing:
                return WriteAsync(context, route, StatusCodes.Status500InternalServerError, JsonContentType(node), FailingJson, cancellationToken);
            case Persona.Garbage:
                return WriteAsync(context, route, StatusCodes.Status200OK, "text/html; charset=utf-8", GarbageHtml, cancellationToken);
            case Persona.Booting when route != LeanRoute.Health:
                // Clients disagree on error bodies (plain text or {"error": …}); alternate so callers meet both.
                return node.Index % 2 == 0
                    ? WriteAsync(context, route, StatusCodes.Status503ServiceUnavailable, "text/plain", BootingText, cancellationToken)
                    : WriteAsync(context, route, StatusCodes.Status503ServiceUnavailable, "application/json", BootingJson, cancellationToken);
            case Persona.Flaky when node.NextFlakyRequestFails(route):
                return WriteAsync(context, route, StatusCodes.Status503ServiceUnavailable, "text/plain", UnavailableText, cancellationToken);
            default:
                break;
        }

        // Another network's chain shares nothing with this one past the fork slot: the minority view stands in for it.
        var view = _chain.ViewFor(persona == Persona.OtherNetwork ? Persona.MinorityFork : persona, _options.LaggardLagSlots);
        return route switch
        {
            LeanRoute.Health => WriteAsync(context, route, StatusCodes.Status200OK, JsonContentType(node), HealthBody, cancellationToken),
            LeanRoute.ForkChoice => WriteForkChoiceAsync(context, node, _responses.ForkChoice(view, persona == Persona.ZeamShape), cancellationToken),
            LeanRoute.JustifiedCheckpoint => WriteAsync(
                context, route, StatusCodes.Status200OK, JsonContentType(node), _responses.Justified(view), cancellationToken),
            LeanRoute.FinalizedState => WriteStateAsync(context, node, view, cancellationToken),
            LeanRoute.FinalizedBlock => node.ServesFinalizedBlock
                ? WriteAsync(context, route, StatusCodes.Status200OK, OctetStream, _responses.Block(view), cancellationToken)
                : WriteAsync(context, route, StatusCodes.Status404NotFound, "text/plain", NotFoundText, cancellationToken),
            LeanRoute.Aggregator => WriteAsync(
                context, route, StatusCodes.Status200OK, JsonContentType(node), node.IsAggregator ? AggregatorTrue : AggregatorFalse, cancellationToken),
            LeanRoute.NodeIdentity or LeanRoute.NodeVersion or LeanRoute.NodeSyncing or LeanRoute.Genesis =>
                NodeInfoBody(node, route, view) is { } info
                    ? WriteAsync(context, route, StatusCodes.Status200OK, JsonContentType(node), info, cancellationToken)
                    : WriteAsync(context, route, StatusCodes.Status404NotFound, "text/plain", NotFoundText, cancellationToken),
            LeanRoute.Metrics => WriteAsync(
                context, route, StatusCodes.Status200OK, "text/plain; version=0.0.4; charset=utf-8", MetricsBody(view), cancellationToken),
            _ => WriteAsync(context, route, StatusCodes.Status404NotFound, "text/plain", NotFoundText, cancellationToken),
        };
    }

    /// <summary>The fork choice, tagged and answered 304 to a matching <c>If-None-Match</c> when the node serves ETags.</summary>
    private Task WriteForkChoiceAsync(HttpContext context, SimulatedNode node, byte[] body, CancellationToken cancellationToken)
    {
        if (node.ServesForkChoiceETag)
        {
            var etag = _responses.ETagOf(body);
            context.Response.Headers.ETag = etag;
            if (Matches(context.Request.Headers.IfNoneMatch, etag))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                _traffic.NotModified(node.Index);
                return Task.CompletedTask;
            }
        }

        return WriteAsync(context, LeanRoute.ForkChoice, StatusCodes.Status200OK, JsonContentType(node), body, cancellationToken);
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): <c>W/</c> is ignored, <c>*</c> matches any.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var candidate in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private async Task WriteStateAsync(HttpContext context, SimulatedNode node, ChainView view, CancellationToken cancellationToken)
    {
        const LeanRoute route = LeanRoute.FinalizedState;
        var accept = context.Request.Headers.Accept.ToString();
        if (node.StrictStateAccept && accept != OctetStream)
        {
            await WriteAsync(context, route, StatusCodes.Status200OK, JsonContentType(node), _responses.StateJson(view), cancellationToken);
            return;
        }

        if (!AcceptsOctetStream(accept))
        {
            await WriteAsync(context, route, StatusCodes.Status406NotAcceptable, "text/plain", NotAcceptableText, cancellationToken);
            return;
        }

        var layout = _chain.Layout;
        var head = node.Persona switch
        {
            Persona.WrongStateRoot => _responses.WrongStateHead(view),
            Persona.MismatchedPair => _responses.NextStateHead(view),
            _ => _responses.StateHead(view),
        };

        // Cut mid-body: the layout's size is announced, so the caller sees a short body, not a smaller state.
        var length = node.Persona == Persona.TruncatedState ? layout.Length / 2 : layout.Length;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = OctetStream;
        response.ContentLength = length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var remaining = length;
        var prefix = head.AsMemory(0, SyntheticState.PrefixLength);
        await WriteCountedAsync(response, route, prefix, cancellationToken);
        remaining -= prefix.Length;
        await response.Body.FlushAsync(cancellationToken);
        if (_options.StatePrefixHold > TimeSpan.Zero)
        {
            await Task.Delay(_options.StatePrefixHold, NetworkClock, cancellationToken);
        }

        // The rest: the slot's block hashes, then the layout's shared parts, so no node holds a state-sized buffer.
        remaining = await WritePartAsync(response, head.AsMemory(SyntheticState.PrefixLength), remaining, cancellationToken);
        remaining = await WritePartAsync(response, layout.Validators, remaining, cancellationToken);
        var zeroBytes = (long)(layout.HistoryCapacity - layout.HistoryCount(view.Finalized, _chain.AnchorSlot)) * 32;
        if (node.Persona == Persona.MismatchedPair)
        {
            zeroBytes = (long)(layout.HistoryCapacity - layout.HistoryCount(view.Finalized + 1, _chain.AnchorSlot)) * 32;
        }

        while (zeroBytes > 0 && remaining > 0)
        {
            var chunk = SyntheticState.Zeros[..(int)Math.Min(zeroBytes, SyntheticState.Zeros.Length)];
            remaining = await WritePartAsync(response, chunk, remaining, cancellationToken);
            zeroBytes -= chunk.Length;
        }

        await WritePartAsync(response, layout.Votes, remaining, cancellationToken);
    }

    private async Task<long> WritePartAsync(HttpResponse response, ReadOnlyMemory<byte> part, long remaining, CancellationToken cancellationToken)
    {
        if (remaining <= 0)
        {
            return remaining;
        }

        var slice = part[..(int)Math.Min(part.Length, remaining)];
        if (slice.Length > 0)
        {
            await WriteCountedAsync(response, LeanRoute.FinalizedState, slice, cancellationToken);
        }

        return remaining - slice.Length;
    }

    private async Task WriteAsync(
        HttpContext context, LeanRoute route, int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await WriteCountedAsync(response, route, body, cancellationToken);
        }
    }

    private async Task WriteCountedAsync(HttpResponse response, LeanRoute route, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(body, cancellationToken);

        // The node is found again by the port the request came in on (the write path does not carry it).
        var byPort = Volatile.Read(ref _nodesByPort);
        var port = response.HttpContext.Connection.LocalPort;
        if (port < byPort.Length && byPort[port] is { } node)
        {
            _traffic.BytesWritten(route, node.Index, body.Length);
        }
    }

    private static bool AcceptsOctetStream(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList([accept], out var types))
        {
            return false;
        }

        return types.Any(t => t.MatchesAllTypes || (t.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
            && (t.MatchesAllSubTypes || t.SubType.Equals("octet-stream", StringComparison.OrdinalIgnoreCase))));
    }

    // Some clients add "; charset=utf-8", some do not; callers must accept both.
    private static string JsonContentType(SimulatedNode node) =>
        node.Index % 2 == 0 ? "application/json" : "application/json; charset=utf-8";

    /// <summary>The optional node routes as the clients that serve them answer; null where the node's client 404s.</summary>
    private byte[]? NodeInfoBody(SimulatedNode node, LeanRoute route, ChainView view)
    {
        var head = _chain.ViewFor(Persona.Healthy, _options.LaggardLagSlots).Head;
        return route switch
        {
            LeanRoute.NodeIdentity when node.ServesIdentity => Encoding.UTF8.GetBytes(string.Create(
                CultureInfo.InvariantCulture, $"{{\"version\":\"{node.Version}\",\"peer_id\":\"16Uiu2HAm{node.Index:x8}sim\"}}")),
            LeanRoute.NodeVersion when node.ServesVersion => Encoding.UTF8.GetBytes($"{{\"version\":\"{node.Version}\"}}"),
            LeanRoute.NodeSyncing when node.ServesSyncing => Encoding.UTF8.GetBytes(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"is_syncing\":{(view.Head < head ? "true" : "false")},\"head_slot\":{view.Head},\"sync_distance\":{Math.Max(0, head - view.Head)},\"finalized_slot\":{view.Finalized}}}")),
            LeanRoute.Genesis when node.ServesGenesis => Encoding.UTF8.GetBytes(string.Create(
                CultureInfo.InvariantCulture, $"{{\"genesis_time\":{GenesisTimeOf(node)}}}")),
            _ => null,
        };
    }

    /// <summary>The devnet's genesis time; a day later for a node of another network.</summary>
    private ulong GenesisTimeOf(SimulatedNode node) => node.Persona == Persona.OtherNetwork ? _chain.GenesisTime + 86_400 : _chain.GenesisTime;

    private byte[] MetricsBody(ChainView view)
    {
        var text = new StringBuilder(512);
        AppendGauge(text, "lean_head_slot", view.Head);
        AppendGauge(text, "lean_latest_justified_slot", view.Justified);
        AppendGauge(text, "lean_latest_finalized_slot", view.Finalized);
        AppendGauge(text, "lean_connected_peers", _peerCount);
        AppendGauge(text, "lean_validators_count", _validatorCount);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendGauge(StringBuilder text, string name, long value) =>
        text.Append("# TYPE ").Append(name).Append(" gauge\n")
            .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
