using System.Globalization;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Alerts;

/// <summary>
/// <c>--alert-test</c>: sends one test notification to every configured receiver, through the same sender as real
/// alerts, and prints what each answered. Exit code 0 when all accepted it, 1 when any failed, 2 when none is configured.
/// </summary>
public sealed class AlertWiringCheck(IOptions<AlertOptions> options, AlertSender sender, TimeProvider time)
{
    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var receivers = options.Value.EffectiveReceivers();
        if (receivers.Count == 0)
        {
            await output.WriteLineAsync($"No alert receivers configured ({AlertOptions.SectionName}:Receivers or --alert-webhook).");
            return 2;
        }

        var now = time.GetUtcNow();
        var alert = new AlertEvent
        {
            Id = "alert_test-" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Key = "alert_test",
            Kind = AlertKind.AlertTest,
            Severity = AlertSeverity.Info,
            FirstSeen = now,
            Summary = "Test notification from UpstreamMonitor: this receiver is wired correctly",
        };

        // All receivers at once: one that hangs costs its own timeout, not everyone's.
        var results = await Task.WhenAll(receivers.Select(r =>
            sender.SendAsync(r, new AlertNotification(alert, NotificationReason.Test, now), cancellationToken)));
        var failed = 0;
        for (var i = 0; i < receivers.Count; i++)
        {
            var receiver = receivers[i];
            var result = results[i];
            failed += result.Succeeded ? 0 : 1;
            var verdict = result.Succeeded ? "ok" : "FAILED";
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{receiver.Name} ({receiver.Kind.ToString().ToLowerInvariant()}, {ReceiverUrls.Display(receiver.Url)}): {verdict}: {result.Detail} in {result.Elapsed.TotalMilliseconds:0} ms"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{receivers.Count - failed} of {receivers.Count} receivers accepted the test notification."));
        return failed == 0 ? 0 : 1;
    }
}
