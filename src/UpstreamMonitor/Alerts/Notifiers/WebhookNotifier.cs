using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Alerts.Notifiers;

/// <summary>
/// The generic webhook: a JSON <see cref="WebhookPayload"/>, the receiver's custom headers, and when a secret is set
/// <c>X-UpstreamMonitor-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// </summary>
public sealed class WebhookNotifier : IAlertNotifier
{
    public const string SignatureHeader = "X-UpstreamMonitor-Signature";

    public ReceiverKind Kind => ReceiverKind.Webhook;

    public HttpRequestMessage CreateRequest(AlertNotification notification, AlertReceiverOptions receiver)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(receiver);
        var payload = new WebhookPayload(1, notification.Status, notification.ReasonName, notification.SentAt, AlertDocument.From(notification.Alert));
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, NotifierJsonContext.Default.WebhookPayload);
        var request = JsonRequests.Post(new Uri(receiver.Url!), body, receiver.Headers);
        if (!string.IsNullOrEmpty(receiver.Secret))
        {
            request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(body, receiver.Secret));
        }

        return request;
    }

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

/// <summary>A JSON POST with the receiver's extra headers.</summary>
internal static class JsonRequests
{
    public static HttpRequestMessage Post(Uri url, byte[] body, IReadOnlyDictionary<string, string>? headers = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
