using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UpstreamMonitor.Tests.Alerts.EndToEnd;

/// <summary>A WireMock generic-webhook receiver on loopback that reads back the alert bodies it was sent.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public WebhookReceiver() =>
        _server.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));

    public string Url => $"http://127.0.0.1:{_server.Ports[0]}/hook";

    /// <summary>Every body received so far, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Bodies() =>
        [.. _server.LogEntries.Select(e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement.Clone())];

    /// <summary>Waits (bounded) for a body with this status whose alert has this kind, and returns it.</summary>
    public async Task<JsonElement> WaitForAsync(string kind, string status, Func<JsonElement, bool>? alertMatches = null, double seconds = 15)
    {
        JsonElement? found = null;
        await Eventually.TrueAsync(
            () =>
            {
                found = Bodies().FirstOrDefault(b =>
                    b.GetProperty("status").GetString() == status &&
                    b.GetProperty("alert").GetProperty("kind").GetString() == kind &&
                    (alertMatches is null || alertMatches(b.GetProperty("alert"))));
                return found.Value.ValueKind == JsonValueKind.Object;
            },
            $"a {status} {kind} webhook (received: {string.Join(", ", Bodies().Select(Describe))})",
            seconds);
        return found!.Value;
    }

    public void Dispose() => _server.Dispose();

    private static string Describe(JsonElement body) =>
        $"{body.GetProperty("status").GetString()} {body.GetProperty("alert").GetProperty("key").GetString()}";
}
