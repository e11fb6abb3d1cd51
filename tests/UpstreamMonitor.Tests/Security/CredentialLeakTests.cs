using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Tests.Faults;

namespace UpstreamMonitor.Tests.Security;

/// <summary>
/// An upstream configured as <c>http://user:secret@127.0.0.1:…</c>, polled for real rounds; then every surface is
/// grepped for the secret in one test: log lines, <c>/metrics</c>, <c>/status</c>, <c>/api/upstreams</c>,
/// <c>/api/events</c>, the dashboard HTML, the OpenAPI document and <c>--check-config</c>.
/// </summary>
[Collection(FaultsSuite.Name)]
public sealed class CredentialLeakTests
{
    private const string User = "lean-operator";
    private const string Secret = "hunter2-9f8e7d";

    [Fact]
    public Task No_surface_shows_the_credentials_of_an_upstream_url() => Task.Run(async () =>
    {
        await using var healthy = LoopbackFaultServer.Start(FaultBehaviors.Json(ForkChoiceBodies.Valid()));
        await using var failing = LoopbackFaultServer.Start(FaultBehaviors.Respond(503, "text/plain", "booting"));
        await using var redirecting = LoopbackFaultServer.Start(
            FaultBehaviors.Redirect(302, new Uri($"http://{User}:{Secret}@127.0.0.1:{healthy.Port}/lean/v0/fork_choice")));
        string[] urls =
        [
            $"http://{User}:{Secret}@127.0.0.1:{healthy.Port}",
            $"http://{User}:{Secret}@127.0.0.1:{failing.Port}",
            $"http://{User}:{Secret}@127.0.0.1:{redirecting.Port}",
            $"http://{Secret}@node.invalid:5052",
        ];
        var upstreamsFile = Path.Combine(Path.GetTempPath(), $"leak-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(upstreamsFile, "{\"upstreams\":[" + string.Join(',', urls.Select((u, i) =>
            $"{{\"name\":\"node_{i}\",\"url\":\"{u}\",\"path\":\"/lean/v0/health\"}}")) + "]}");
        try
        {
            var logs = new CapturedLogEvents();
            var surfaces = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var monitor = await RunningMonitor.StartAsync(
                [new("Monitor:UpstreamsConfig", upstreamsFile), new("Monitor:PollMs", "200"), new("Monitor:TimeoutMs", "1000")],
                builder => builder.Services.AddSerilog(
                    (services, logger) => MonitorLogging.Configure(logger, builder.Configuration, "text").WriteTo.Sink(logs),
                    preserveStaticLogger: true)))
            {
                using var http = new HttpClient { BaseAddress = monitor.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
                await WaitForRoundsAsync(http, 3);
                foreach (var path in new[] { "/status", "/api/upstreams", "/metrics", "/healthz", "/readyz", "/lean/v0/checkpoints/justified", "/openapi/v1.json", "/" })
                {
                    surfaces[path] = await (await http.GetAsync(new Uri(path, UriKind.Relative))).Content.ReadAsStringAsync();
                }

                surfaces["/api/events"] = await ReadFirstEventAsync(http);
            }

            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await MonitorProgram.RunAsync(
                ["--check-config", "--upstreams-config", upstreamsFile], stdout, stderr, demoLauncher: null, CancellationToken.None);
            Assert.Equal(0, exit);
            surfaces["--check-config stdout"] = stdout.ToString();
            surfaces["--check-config stderr"] = stderr.ToString();
            surfaces["log lines"] = logs.Text();

            // The surfaces really carry the upstreams (masked), so an empty page cannot pass for a clean one.
            Assert.Contains("node_1", surfaces["/api/upstreams"], StringComparison.Ordinal);
            Assert.Contains("***@127.0.0.1", surfaces["/api/upstreams"], StringComparison.Ordinal);
            Assert.Contains("node_2", surfaces["/metrics"], StringComparison.Ordinal);
            Assert.Contains("node_0", surfaces["/"], StringComparison.Ordinal);
            Assert.Contains("***@127.0.0.1", surfaces["--check-config stdout"], StringComparison.Ordinal);
            Assert.Contains("node_1", surfaces["log lines"], StringComparison.Ordinal);
            Assert.NotEmpty(surfaces["/api/events"]);

            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Secret}"));
            foreach (var (surface, text) in surfaces)
            {
                Assert.False(text.Contains(Secret, StringComparison.Ordinal), $"the secret appears in {surface}");
                Assert.False(text.Contains(User, StringComparison.Ordinal), $"the user name appears in {surface}");
                Assert.False(text.Contains(basic, StringComparison.Ordinal), $"the basic-auth token appears in {surface}");
            }
        }
        finally
        {
            File.Delete(upstreamsFile);
        }
    });

    private static async Task WaitForRoundsAsync(HttpClient http, int rounds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var body = await http.GetStringAsync(new Uri("/api/upstreams", UriKind.Relative), timeout.Token);
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("round", out var round) && round.ValueKind == System.Text.Json.JsonValueKind.Object
                && round.GetProperty("number").GetInt64() >= rounds)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, timeout.Token);
        }
    }

    private static async Task<string> ReadFirstEventAsync(HttpClient http)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await http.GetAsync(new Uri("/api/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var reader = new StreamReader(stream);
        var text = new StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            text.AppendLine(line);
            if (line.Length == 0 && text.ToString().Contains("data:", StringComparison.Ordinal))
            {
                break;
            }
        }

        return text.ToString();
    }

    /// <summary>Every log event the host writes, rendered with its properties and exception.</summary>
    private sealed class CapturedLogEvents : ILogEventSink
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public void Emit(LogEvent logEvent)
        {
            var line = new StringBuilder(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (name, value) in logEvent.Properties)
            {
                line.Append(' ').Append(name).Append('=').Append(value);
            }

            line.Append(' ').Append(logEvent.Exception);
            _lines.Enqueue(line.ToString());
        }

        public string Text() => string.Join('\n', _lines);
    }
}
