using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>One row of the fault table: how the node misbehaves and exactly how its upstream row must end.</summary>
/// <param name="Name">Upstream name (also the case name in test output).</param>
/// <param name="State">Expected poll state.</param>
/// <param name="Error">Expected <c>last_error</c> as a full-match regular expression (built from escaped literal text
/// except where timing decides a byte count); null for a healthy row.</param>
internal sealed record FaultCase(string Name, UpstreamPollState State, string? Error);

/// <summary>
/// Starts one loopback server per fault plus healthy ones, runs ONE poll round over all of them with the real poller
/// and client, and keeps the snapshot for <see cref="FaultRoundTests"/> to check row by row.
/// </summary>
public sealed class FaultRound : IAsyncLifetime
{
    /// <summary>
    /// Generous for loopback, so a busy CI machine (2 cores shared with builds) cannot turn a prompt answer into a
    /// timeout; the hanging cases then cost this long once, in parallel.
    /// </summary>
    public const int TimeoutMs = 5000;

    private readonly List<LoopbackFaultServer> _servers = [];
    private readonly List<FaultCase> _cases = [];
    private readonly List<UpstreamDefinition> _upstreams = [];
    private X509Certificate2? _certificate;

    internal IReadOnlyList<FaultCase> Cases => _cases;

    internal LoopbackFaultServer RedirectTarget { get; private set; } = null!;

    internal LoopbackFaultServer CredentialedNode { get; private set; } = null!;

    public MonitorSnapshot Snapshot { get; private set; } = null!;

    public RoundStatistics Statistics { get; private set; } = null!;

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Every fault in the issue, in the issue's order, then the healthy ones.</summary>
    public static IEnumerable<object[]> CaseNames() =>
    [
        ["full_accept_queue"], ["accept_no_answer"], ["headers_then_stall"], ["trickle"], ["reset_mid_body"], ["endless_chunked"],
        ["non_json"], ["html"], ["wrong_shape"], ["negative_slot"], ["fractional_slot"], ["string_slot"], ["slot_over_2_53"],
        ["root_wrong_length"], ["root_without_0x"], ["head_not_in_nodes"],
        ["http_404_text"], ["http_404_json"], ["http_500_text"], ["http_500_json"], ["http_503_text"], ["http_503_json"],
        ["redirect"], ["redirect_loop"], ["unresolvable_host"], ["self_signed_tls"], ["ipv6_loopback"], ["credentials"],
        ["credentials_failing"], ["healthy_0"], ["healthy_1"], ["healthy_2"], ["zeam_shape"],
    ];

    // Off xunit's synchronization context (two threads): the product runs on the bare thread pool, and so must this.
    public Task InitializeAsync() => Task.Run(StartAndRunOneRoundAsync);

    private async Task StartAndRunOneRoundAsync()
    {
        RedirectTarget = Serve(FaultBehaviors.Json(ForkChoiceBodies.Valid()));
        _certificate = SelfSignedCertificate.CreateForLoopback();

        var timeout = $"timeout after {TimeoutMs} ms";
        var bodyTimeout = Regex.Escape(timeout + " reading the body (") + @"\d+ of \d+ bytes received\)";
        var invalid = "invalid body: ";

        var fullQueue = await LoopbackFaultServer.StartWithFullAcceptQueueAsync();
        Add("full_accept_queue", fullQueue, UpstreamPollState.Timeout, Exact($"{timeout} connecting to 127.0.0.1:{fullQueue.Port}"));
        Add("accept_no_answer", Serve(FaultBehaviors.AcceptNoAnswer), UpstreamPollState.Timeout, Exact(timeout + " waiting for the response"));
        Add("headers_then_stall", Serve(FaultBehaviors.HeadersThenStalledBody), UpstreamPollState.Timeout,
            Exact(timeout + " reading the body (1 of 4096 bytes received)"));
        Add("trickle", Serve(FaultBehaviors.TrickledBody), UpstreamPollState.Timeout, bodyTimeout);
        Add("reset_mid_body", Serve(FaultBehaviors.ResetMidBody), UpstreamPollState.Error,
            Regex.Escape("connection failed: connection reset by the node after ") + @"\d+ of \d+ bytes of the body");
        Add("endless_chunked", Serve(FaultBehaviors.EndlessChunkedBody()), UpstreamPollState.Error,
            Exact("too large: the fork choice body exceeded the 8 MiB limit; stopped reading"));

        Add("non_json", Serve(FaultBehaviors.Respond(200, "text/plain", "ok node is up")), UpstreamPollState.Error,
            Exact(invalid + "not JSON ('o' is an invalid start of a value, at line 1, byte 0): \"ok node is up\""));
        Add("html", Serve(FaultBehaviors.Respond(200, "text/html", "<html><head><title>Welcome to nginx!</title></head><body>hi</body></html>")),
            UpstreamPollState.Error, Exact(invalid + "HTML where JSON was expected: \"Welcome to nginx!\" (HTML page title)"));
        Add("wrong_shape", Serve(FaultBehaviors.Json("{\"status\":\"healthy\",\"service\":\"lean-rpc-api\"}")), UpstreamPollState.Error,
            Exact(invalid + "missing field \"head\""));
        Add("negative_slot", Serve(FaultBehaviors.Json(ForkChoiceBodies.WithRawFinalizedSlot("-1"))), UpstreamPollState.Error,
            Exact(invalid + "finalized.slot: expected a non-negative integer, got -1"));
        Add("fractional_slot", Serve(FaultBehaviors.Json(ForkChoiceBodies.WithRawFinalizedSlot("36.5"))), UpstreamPollState.Error,
            Exact(invalid + "finalized.slot: expected an integer, got 36.5"));
        Add("string_slot", Serve(FaultBehaviors.Json(ForkChoiceBodies.WithRawFinalizedSlot("\"36\""))), UpstreamPollState.Error,
            Exact(invalid + "finalized.slot: expected an integer, got a string \"36\""));
        Add("slot_over_2_53", Serve(FaultBehaviors.Json(ForkChoiceBodies.WithRawFinalizedSlot("9007199254740993"))), UpstreamPollState.Error,
            Exact(invalid + "finalized.slot: expected an integer below 2^53, got 9007199254740993"));
        Add("root_wrong_length", Serve(FaultBehaviors.Json(ForkChoiceBodies.With(b => b["finalized"]!["root"] = "0x8a2f"))),
            UpstreamPollState.Error, Exact(invalid + "finalized.root: expected \"0x\" + 64 hex characters, got \"0x\" + 4 characters"));
        Add("root_without_0x", Serve(FaultBehaviors.Json(ForkChoiceBodies.With(b => b["finalized"]!["root"] = ForkChoiceBodies.RootA[2..]))),
            UpstreamPollState.Error, Exact(invalid + "finalized.root: expected \"0x\" + 64 hex characters, got 64 hex characters without the \"0x\" prefix"));
        Add("head_not_in_nodes", Serve(FaultBehaviors.Json(ForkChoiceBodies.With(b => b["head"] = "0x" + new string('d', 64)))),
            UpstreamPollState.Ok, null);

        foreach (var code in new[] { 404, 500, 503 })
        {
            var phrase = code switch { 404 => "Not Found", 500 => "Internal Server Error", _ => "Service Unavailable" };
            var text = Exact($"HTTP {code} {phrase}: \"no store yet\"");
            var json = Exact($"HTTP {code} {phrase}: \"store not ready\"");
            if (code == 404)
            {
                // fork_choice 404 makes the job fall back to the justified checkpoint and the state prefix, which 404 too.
                text = Exact($"fork_choice: HTTP 404 Not Found: \"no store yet\"; fallback: HTTP 404 Not Found: \"no store yet\"");
                json = Exact($"fork_choice: HTTP 404 Not Found: \"store not ready\"; fallback: HTTP 404 Not Found: \"store not ready\"");
            }

            Add($"http_{code}_text", Serve(FaultBehaviors.Respond(code, "text/plain", "no store yet\n")), UpstreamPollState.Error, text);
            Add($"http_{code}_json", Serve(FaultBehaviors.Respond(code, "application/json", "{\"error\":\"store not ready\"}")),
                UpstreamPollState.Error, json);
        }

        var target = new Uri(RedirectTarget.BaseUrl, "lean/v0/fork_choice");
        Add("redirect", Serve(FaultBehaviors.Redirect(302, target)), UpstreamPollState.Error,
            Exact($"HTTP 302 Found: redirect to {target.AbsoluteUri} not followed"));
        Add("redirect_loop", Serve(FaultBehaviors.Redirect(308, new Uri("/lean/v0/fork_choice", UriKind.Relative))), UpstreamPollState.Error,
            Exact("HTTP 308 Permanent Redirect: redirect to /lean/v0/fork_choice not followed"));

        AddUrl("unresolvable_host", new Uri("http://node.invalid:5052/"), UpstreamPollState.Error,
            Exact("connection failed: host name node.invalid does not resolve"));
        var tls = Serve(FaultBehaviors.Json(ForkChoiceBodies.Valid()), certificate: _certificate);
        Add("self_signed_tls", tls, UpstreamPollState.Error,
            Exact($"connection failed: TLS handshake with 127.0.0.1:{tls.Port} failed: the certificate is not trusted (self-signed or unknown issuer)"));
        Add("ipv6_loopback", Serve(FaultBehaviors.Json(ForkChoiceBodies.Valid()), IPAddress.IPv6Loopback), UpstreamPollState.Ok, null);

        CredentialedNode = Serve(FaultBehaviors.Json(ForkChoiceBodies.Valid()));
        AddUrl("credentials", new Uri($"http://lean-user:s3cr3t-pa55@127.0.0.1:{CredentialedNode.Port}/"), UpstreamPollState.Ok, null);
        var failing = Serve(FaultBehaviors.Respond(500, "text/plain", "boom"));
        AddUrl("credentials_failing", new Uri($"http://lean-user:s3cr3t-pa55@127.0.0.1:{failing.Port}/"), UpstreamPollState.Error,
            Exact("HTTP 500 Internal Server Error: \"boom\""));

        for (var i = 0; i < 3; i++)
        {
            Add($"healthy_{i}", Serve(FaultBehaviors.Json(ForkChoiceBodies.Valid())), UpstreamPollState.Ok, null);
        }

        var zeam = File.ReadAllText(RepositoryFiles.ForkChoiceFixture("zeam-2026-03-shape.json"));
        Add("zeam_shape", Serve(FaultBehaviors.Json(zeam)), UpstreamPollState.Ok, null);

        // Warm-up on a separate engine: the first request in a process JIT-compiles the HTTP, resilience and JSON stacks,
        // which on a contended CI machine can take longer than a request timeout. The table round must measure faults, not JIT.
        await using (var warmUp = new PollerUnderTest([UpstreamDefinition.Create("warm_up", RedirectTarget.BaseUrl)], TimeoutMs, 1))
        {
            await warmUp.RunRoundAsync();
        }

        // Capacity above the upstream count: one batch, so the round budget is 2 × timeout + timeout.
        await using var poller = new PollerUnderTest(_upstreams, TimeoutMs, concurrency: 64);
        var started = TimeProvider.System.GetTimestamp();
        Statistics = await poller.RunRoundAsync();
        Elapsed = TimeProvider.System.GetElapsedTime(started);
        Snapshot = poller.Snapshot;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _certificate?.Dispose();
    }

    private static string Exact(string text) => Regex.Escape(text);

    private LoopbackFaultServer Serve(FaultBehavior behavior, IPAddress? address = null, X509Certificate2? certificate = null)
    {
        var server = LoopbackFaultServer.Start(behavior, address, certificate);
        _servers.Add(server);
        return server;
    }

    private void Add(string name, LoopbackFaultServer server, UpstreamPollState state, string? error)
    {
        if (!_servers.Contains(server))
        {
            _servers.Add(server);
        }

        AddUrl(name, server.BaseUrl, state, error);
    }

    private void AddUrl(string name, Uri url, UpstreamPollState state, string? error)
    {
        _cases.Add(new FaultCase(name, state, error));
        _upstreams.Add(UpstreamDefinition.Create(name, url));
    }
}
