using System.Globalization;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Alerts;

/// <summary>Checks <see cref="AlertOptions"/> at start; every failure names the entry (<c>Monitor:Alerts:Receivers:1 (ops)</c>) and the fix.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    private const string Section = AlertOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, "SlotMs", options.SlotMs);
        Positive(failures, "FinalityStallSlots", options.FinalityStallSlots);
        Positive(failures, "JustificationStallSlots", options.JustificationStallSlots);
        Positive(failures, "HeadStallSlots", options.HeadStallSlots);
        Positive(failures, "ConsensusLostRounds", options.ConsensusLostRounds);
        Positive(failures, "ForkRounds", options.ForkRounds);
        Positive(failures, "DownAfterFailures", options.DownAfterFailures);
        Positive(failures, "UpAfterSuccesses", options.UpAfterSuccesses);
        Positive(failures, "LagRounds", options.LagRounds);
        Positive(failures, "ResolveRounds", options.ResolveRounds);
        Positive(failures, "RetryBaseDelayMs", options.RetryBaseDelayMs);
        if (options.LagSlots < 0)
        {
            failures.Add($"{Section}:LagSlots must be 0 or more (got {Number(options.LagSlots)})");
        }

        if (options.ReminderIntervalMs < 0)
        {
            failures.Add($"{Section}:ReminderIntervalMs must be 0 (no reminders) or more (got {Number(options.ReminderIntervalMs)})");
        }

        if (options.AlertmanagerResendMs < 1_000)
        {
            failures.Add($"{Section}:AlertmanagerResendMs must be at least 1000 (got {Number(options.AlertmanagerResendMs)})");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{Section}:MaxRetries must be between 0 and 10 (got {Number(options.MaxRetries)})");
        }

        if (options.Webhook is { } webhook && !string.IsNullOrWhiteSpace(webhook) && !IsHttpUrl(webhook))
        {
            failures.Add($"{Section}:Webhook (--alert-webhook, LEANPOINT_ALERT_WEBHOOK): '{ReceiverUrls.Display(webhook)}' is not an absolute http(s) URL");
        }

        var names = CheckReceivers(failures, options);
        CheckRoutes(failures, options.Routes, names);
        CheckSilences(failures, options.Silences);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static HashSet<string> CheckReceivers(List<string> failures, AlertOptions options)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(options.Webhook))
        {
            names.Add(AlertOptions.WebhookReceiverName);
        }

        for (var i = 0; i < options.Receivers.Count; i++)
        {
            var receiver = options.Receivers[i];
            var entry = $"{Section}:Receivers:{Number(i)}" + (string.IsNullOrWhiteSpace(receiver.Name) ? string.Empty : $" ({receiver.Name})");
            if (string.IsNullOrWhiteSpace(receiver.Name))
            {
                failures.Add($"{entry}: Name is required");
            }
            else if (!names.Add(receiver.Name))
            {
                failures.Add(receiver.Name == AlertOptions.WebhookReceiverName && !string.IsNullOrWhiteSpace(options.Webhook)
                    ? $"{entry}: the name '{AlertOptions.WebhookReceiverName}' is taken by {Section}:Webhook; choose another"
                    : $"{entry}: Name '{receiver.Name}' is used by another receiver");
            }

            if (!Enum.IsDefined(receiver.Kind))
            {
                failures.Add($"{entry}: Kind must be webhook, slack, discord or alertmanager");
            }

            if (string.IsNullOrWhiteSpace(receiver.Url))
            {
                failures.Add($"{entry}: Url is required");
            }
            else if (!IsHttpUrl(receiver.Url))
            {
                failures.Add($"{entry}: Url '{ReceiverUrls.Display(receiver.Url)}' is not an absolute http(s) URL");
            }

            if (receiver.TimeoutMs is < 1 or > 300_000)
            {
                failures.Add($"{entry}: TimeoutMs must be between 1 and 300000 (got {Number(receiver.TimeoutMs)})");
            }

            if (receiver.QueueCapacity is < 1 or > 100_000)
            {
                failures.Add($"{entry}: QueueCapacity must be between 1 and 100000 (got {Number(receiver.QueueCapacity)})");
            }

            if (!string.IsNullOrEmpty(receiver.Secret) && receiver.Kind != ReceiverKind.Webhook)
            {
                failures.Add($"{entry}: Secret signs generic webhooks only; {receiver.Kind.ToString().ToLowerInvariant()} receivers do not use it");
            }

            foreach (var header in receiver.Headers.Keys.Where(h => !IsHeaderName(h)))
            {
                failures.Add($"{entry}: header name '{header}' is not a valid HTTP header name");
            }
        }

        return names;
    }

    private static void CheckRoutes(List<string> failures, List<AlertRouteOptions> routes, HashSet<string> receivers)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var entry = $"{Section}:Routes:{Number(i)}";
            if (route.Receivers.Count == 0)
            {
                failures.Add($"{entry}: Receivers must list at least one receiver");
            }

            foreach (var receiver in route.Receivers.Where(r => !receivers.Contains(r)))
            {
                failures.Add($"{entry}: receiver '{receiver}' is not defined under {Section}:Receivers");
            }

            CheckKinds(failures, entry, route.Kinds);
            foreach (var severity in route.Severities.Where(s => !AlertKinds.TryParseSeverity(s, out _)))
            {
                failures.Add($"{entry}: severity '{severity}' is not critical, warning or info");
            }
        }
    }

    private static void CheckSilences(List<string> failures, List<AlertSilenceOptions> silences)
    {
        for (var i = 0; i < silences.Count; i++)
        {
            var silence = silences[i];
            var entry = $"{Section}:Silences:{Number(i)}" + (string.IsNullOrWhiteSpace(silence.Comment) ? string.Empty : $" ({silence.Comment})");
            if (silence.Start is null || silence.End is null)
            {
                failures.Add($"{entry}: Start and End are both required (ISO 8601, e.g. 2026-03-01T12:00:00Z)");
            }
            else if (silence.End <= silence.Start)
            {
                failures.Add($"{entry}: End must be after Start");
            }

            CheckKinds(failures, entry, silence.Kinds);
        }
    }

    private static void CheckKinds(List<string> failures, string entry, List<string> kinds)
    {
        foreach (var kind in kinds.Where(k => !AlertKinds.TryParseKind(k, out var parsed) || parsed == AlertKind.AlertTest))
        {
            failures.Add($"{entry}: kind '{kind}' is not one of {string.Join(", ", AlertKinds.Detected.Select(k => k.WireName()))}");
        }
    }

    private static void Positive(List<string> failures, string key, int value)
    {
        if (value < 1)
        {
            failures.Add($"{Section}:{key} must be 1 or more (got {Number(value)})");
        }
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => c is > ' ' and < (char)127 && !"()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
