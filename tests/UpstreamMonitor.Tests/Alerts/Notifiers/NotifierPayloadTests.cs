using System.Text;
using System.Text.Json;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Alerts.Delivery;
using UpstreamMonitor.Alerts.Notifiers;
using UpstreamMonitor.Tests.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit.Abstractions;

namespace UpstreamMonitor.Tests.Alerts.Notifiers;

/// <summary>Each notifier's request as a WireMock receiver on loopback gets it (bodies are printed for docs/alerts.md).</summary>
public sealed class NotifierPayloadTests(ITestOutputHelper output) : IDisposable
{
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public void Dispose()
    {
        _receiver.Stop();
        _receiver.Dispose();
    }

    private Uri Url(string path) => new($"http://127.0.0.1:{_receiver.Ports[0]}{path}");

    private async Task<(DeliveryResult Result, WireMock.Logging.ILogEntry Entry)> SendAsync(
        Dictionary<string, string?> settings, AlertNotification notification)
    {
        _receiver.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        await using var services = new AlertServices(settings);
        var receiver = services.Options.EffectiveReceivers()[0];
        var result = await services.Get<AlertSender>().SendAsync(receiver, notification, CancellationToken.None);
        var entry = Assert.Single(_receiver.LogEntries);
        output.WriteLine($"{receiver.Kind} {entry.RequestMessage!.Path}: {entry.RequestMessage.Body}");
        return (result, entry);
    }

    private static AlertNotification Firing(AlertEvent alert) => new(alert, NotificationReason.Firing, alert.FirstSeen.AddSeconds(1));

    [Fact]
    public async Task Webhook_posts_the_documented_json_with_custom_headers_and_an_hmac_signature()
    {
        var settings = AlertServices.Receiver(0, "ops-hook", "webhook", Url("/hooks/lean"));
        settings["Monitor:Alerts:Receivers:0:Secret"] = "shared-secret";
        settings["Monitor:Alerts:Receivers:0:Headers:X-Team"] = "devnet-ops";

        var (result, entry) = await SendAsync(settings, Firing(SampleAlerts.FinalityStalled()));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(200, result.StatusCode);
        var request = entry.RequestMessage!;
        Assert.Equal("/hooks/lean", request.Path);
        Assert.StartsWith("application/json", request.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Equal("devnet-ops", request.Headers["X-Team"].Single());
        var body = request.Body!;
        Assert.Equal(WebhookNotifier.Sign(Encoding.UTF8.GetBytes(body), "shared-secret"), request.Headers[WebhookNotifier.SignatureHeader].Single());
        Assert.Matches("^sha256=[0-9a-f]{64}$", request.Headers[WebhookNotifier.SignatureHeader].Single());

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("firing", root.GetProperty("status").GetString());
        Assert.Equal("firing", root.GetProperty("reason").GetString());
        var alert = root.GetProperty("alert");
        Assert.Equal("finality_stalled", alert.GetProperty("kind").GetString());
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
        Assert.Equal(36, alert.GetProperty("slot").GetInt64());
        Assert.Equal(TestSnapshots.Root(36), alert.GetProperty("root").GetString());
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("resolved_at").ValueKind);
        Assert.Equal(TestSnapshots.Start, alert.GetProperty("first_seen").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_webhook_without_a_secret_is_not_signed()
    {
        var (_, entry) = await SendAsync(AlertServices.Receiver(0, "plain", "webhook", Url("/h")), Firing(SampleAlerts.UpstreamDown()));

        Assert.False(entry.RequestMessage!.Headers!.ContainsKey(WebhookNotifier.SignatureHeader));
    }

    [Fact]
    public async Task Slack_gets_text_and_blocks()
    {
        var (result, entry) = await SendAsync(
            AlertServices.Receiver(0, "slack", "slack", Url("/services/T000/B000/XXXX")),
            Firing(SampleAlerts.UpstreamDown()));

        Assert.True(result.Succeeded, result.Detail);
        using var json = JsonDocument.Parse(entry.RequestMessage!.Body!);
        var root = json.RootElement;
        Assert.Equal("[FIRING] upstream_down (warning): Upstream qlean_0 failed 3 polls in a row", root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks");
        Assert.Equal("section", blocks[0].GetProperty("type").GetString());
        Assert.Equal("mrkdwn", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Contains("*[FIRING] upstream_down (warning)*", blocks[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("context", blocks[1].GetProperty("type").GetString());
        Assert.Contains(blocks[1].GetProperty("elements").EnumerateArray(), e => e.GetProperty("text").GetString() == "*Upstreams:* qlean_0");
    }

    [Fact]
    public async Task Discord_gets_one_embed_with_mentions_disabled()
    {
        var resolved = SampleAlerts.FinalityStalled() with { ResolvedAt = TestSnapshots.Start.AddMinutes(5) };

        var (result, entry) = await SendAsync(
            AlertServices.Receiver(0, "discord", "discord", Url("/api/webhooks/123/token")),
            new AlertNotification(resolved, NotificationReason.Resolved, resolved.ResolvedAt!.Value));

        Assert.True(result.Succeeded, result.Detail);
        using var json = JsonDocument.Parse(entry.RequestMessage!.Body!);
        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var embed = root.GetProperty("embeds")[0];
        Assert.Equal("[RESOLVED] finality_stalled (critical)", embed.GetProperty("title").GetString());
        Assert.Equal(0x2EB67D, embed.GetProperty("color").GetInt32());
        Assert.Contains(embed.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "finalized slot" && f.GetProperty("value").GetString() == "36");
    }

    [Fact]
    public async Task Alertmanager_gets_labels_and_an_ends_at_beyond_its_resend_interval()
    {
        var alert = SampleAlerts.UpstreamDown();
        var notification = Firing(alert);

        var (result, entry) = await SendAsync(AlertServices.Receiver(0, "am", "alertmanager", Url("/")), notification);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal("/api/v2/alerts", entry.RequestMessage!.Path);
        using var json = JsonDocument.Parse(entry.RequestMessage.Body!);
        var posted = Assert.Single(json.RootElement.EnumerateArray());
        var labels = posted.GetProperty("labels");
        Assert.Equal("upstream_down", labels.GetProperty("alertname").GetString());
        Assert.Equal("warning", labels.GetProperty("severity").GetString());
        Assert.Equal("qlean_0", labels.GetProperty("upstream").GetString());
        Assert.Equal(alert.Id, posted.GetProperty("annotations").GetProperty("id").GetString());
        Assert.Equal(alert.FirstSeen, posted.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(notification.SentAt.AddMinutes(4), posted.GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_resolved_alert_ends_in_alertmanager_at_its_resolve_time()
    {
        var resolvedAt = TestSnapshots.Start.AddMinutes(2);
        var alert = SampleAlerts.UpstreamDown() with { ResolvedAt = resolvedAt };
        var notifier = new AlertmanagerNotifier(Microsoft.Extensions.Options.Options.Create(new AlertOptions()));

        using var request = notifier.CreateRequest(
            new AlertNotification(alert, NotificationReason.Resolved, resolvedAt),
            new AlertReceiverOptions { Name = "am", Kind = ReceiverKind.Alertmanager, Url = "http://127.0.0.1:9093/api/v2/alerts" });
        using var json = JsonDocument.Parse(await request.Content!.ReadAsStringAsync());

        Assert.Equal(new Uri("http://127.0.0.1:9093/api/v2/alerts"), request.RequestUri);
        Assert.Equal(resolvedAt, json.RootElement[0].GetProperty("endsAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("http://127.0.0.1:9093", "http://127.0.0.1:9093/api/v2/alerts")]
    [InlineData("http://127.0.0.1:9093/", "http://127.0.0.1:9093/api/v2/alerts")]
    [InlineData("http://127.0.0.1:9093/alertmanager", "http://127.0.0.1:9093/alertmanager/api/v2/alerts")]
    [InlineData("http://127.0.0.1:9093/api/v2/alerts/", "http://127.0.0.1:9093/api/v2/alerts/")]
    public void Alertmanager_url_gets_the_api_path_once(string configured, string expected) =>
        Assert.Equal(new Uri(expected), AlertmanagerNotifier.AlertsUrl(new Uri(configured)));
}
