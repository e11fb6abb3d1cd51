using System.Globalization;
using UpstreamMonitor.Alerts.Notifiers;

namespace UpstreamMonitor.Alerts.Delivery;

/// <summary>
/// Sends one notification to one receiver through the <see cref="AlertHttpClient.Name"/> client (retries with
/// exponential backoff and jitter, a per-attempt timeout) and reports what the receiver answered. Never throws for a
/// receiver's failure; only the caller's cancellation propagates.
/// </summary>
public sealed class AlertSender(IHttpClientFactory clients, IEnumerable<IAlertNotifier> notifiers, TimeProvider time)
{
    private readonly Dictionary<ReceiverKind, IAlertNotifier> _notifiers = notifiers.ToDictionary(n => n.Kind);

    public async Task<DeliveryResult> SendAsync(AlertReceiverOptions receiver, AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(notification);
        var started = time.GetTimestamp();
        try
        {
            using var request = _notifiers[receiver.Kind].CreateRequest(notification, receiver);
            request.Options.Set(AlertHttpClient.AttemptTimeout, receiver.Timeout);
            using var client = clients.CreateClient(AlertHttpClient.Name);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var detail = string.Create(CultureInfo.InvariantCulture, $"{status} {response.ReasonPhrase}");
            return new DeliveryResult(response.IsSuccessStatusCode, status, detail, time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or IOException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var detail = ex switch
            {
                Polly.Timeout.TimeoutRejectedException => string.Create(CultureInfo.InvariantCulture, $"timed out after {receiver.TimeoutMs} ms"),
                HttpRequestException { InnerException: System.Security.Authentication.AuthenticationException } => "TLS handshake failed: " + ex.Message,
                _ => ex.Message,
            };
            return new DeliveryResult(false, null, ReceiverUrls.Scrub(detail, receiver.Url), time.GetElapsedTime(started));
        }
    }
}

/// <summary>The HTTP client alert deliveries go through.</summary>
public static class AlertHttpClient
{
    public const string Name = "alert-receivers";

    /// <summary>The receiver's attempt timeout, carried on the request for the pipeline's timeout strategy.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("UpstreamMonitor.AlertAttemptTimeout");

    /// <summary>Used when a request carries no timeout (never in practice).</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);
}
