namespace UpstreamMonitor.Alerts;

/// <summary>Alert detection and delivery, bound from <c>Monitor:Alerts</c> (validated by <see cref="AlertOptionsValidator"/>).</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Monitor:Alerts";

    /// <summary>Lean devnets run 4-second slots; the poller does not read the chain's spec, so this is the default.</summary>
    public int SlotMs { get; set; } = 4_000;

    /// <summary><c>finality_stalled</c> after the finalized slot has not advanced for this many slots.</summary>
    public int FinalityStallSlots { get; set; } = 16;

    /// <summary><c>justification_stalled</c> after the justified slot has not advanced for this many slots.</summary>
    public int JustificationStallSlots { get; set; } = 8;

    /// <summary><c>head_stalled</c> after the consensus head has not advanced for this many slots.</summary>
    public int HeadStallSlots { get; set; } = 4;

    /// <summary><c>consensus_lost</c> after this many consecutive rounds without a finalized majority.</summary>
    public int ConsensusLostRounds { get; set; } = 2;

    /// <summary><c>fork_detected</c> after the same group has split off for this many consecutive rounds.</summary>
    public int ForkRounds { get; set; } = 2;

    /// <summary><c>upstream_down</c> after this many consecutive failed polls.</summary>
    public int DownAfterFailures { get; set; } = 3;

    /// <summary><c>upstream_down</c> resolves after this many consecutive successful polls.</summary>
    public int UpAfterSuccesses { get; set; } = 2;

    /// <summary><c>upstream_lagging</c> when the head is more than this many slots behind the consensus head.</summary>
    public int LagSlots { get; set; } = 8;

    /// <summary>... for this many consecutive rounds.</summary>
    public int LagRounds { get; set; } = 3;

    /// <summary>Round-based alerts (consensus lost, fork, lagging) resolve after the condition is absent this many rounds.</summary>
    public int ResolveRounds { get; set; } = 2;

    /// <summary>An alert still active is notified again after this long (0 disables reminders).</summary>
    public int ReminderIntervalMs { get; set; } = 3_600_000;

    /// <summary>Alertmanager receivers get active alerts re-sent this often so its resolve timeout never ends them.</summary>
    public int AlertmanagerResendMs { get; set; } = 60_000;

    /// <summary>The one-line case (<c>--alert-webhook</c> / <c>LEANPOINT_ALERT_WEBHOOK</c>): a generic webhook receiver named <c>webhook</c>.</summary>
    public string? Webhook { get; set; }

    /// <summary>Retries after the first attempt (exponential backoff with jitter).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; each next one doubles.</summary>
    public int RetryBaseDelayMs { get; set; } = 1_000;

    public List<AlertReceiverOptions> Receivers { get; set; } = [];

    /// <summary>Which receivers get which alerts; with no routes every receiver gets every alert.</summary>
    public List<AlertRouteOptions> Routes { get; set; } = [];

    /// <summary>Maintenance windows during which matching alerts are detected and shown but not notified.</summary>
    public List<AlertSilenceOptions> Silences { get; set; } = [];

    public TimeSpan SlotTime => TimeSpan.FromMilliseconds(SlotMs);

    public TimeSpan ReminderInterval => TimeSpan.FromMilliseconds(ReminderIntervalMs);

    public TimeSpan AlertmanagerResend => TimeSpan.FromMilliseconds(AlertmanagerResendMs);

    /// <summary>The configured receivers plus the one <see cref="Webhook"/> names, if set.</summary>
    public IReadOnlyList<AlertReceiverOptions> EffectiveReceivers()
    {
        if (string.IsNullOrWhiteSpace(Webhook))
        {
            return Receivers;
        }

        return [.. Receivers, new AlertReceiverOptions { Name = WebhookReceiverName, Kind = ReceiverKind.Webhook, Url = Webhook }];
    }

    /// <summary>The name of the receiver <see cref="Webhook"/> defines.</summary>
    public const string WebhookReceiverName = "webhook";
}

/// <summary>The payload format a receiver speaks.</summary>
public enum ReceiverKind
{
    Webhook,
    Slack,
    Discord,
    Alertmanager,
}

/// <summary>One place notifications go.</summary>
public sealed class AlertReceiverOptions
{
    /// <summary>Unique; the <c>receiver</c> label of the delivery metric.</summary>
    public string? Name { get; set; }

    public ReceiverKind Kind { get; set; } = ReceiverKind.Webhook;

    /// <summary>The webhook URL; for Alertmanager its base URL (<c>/api/v2/alerts</c> is appended). Printed only redacted.</summary>
    public string? Url { get; set; }

    /// <summary>Generic webhook: when set, the body is signed with HMAC-SHA256 (<c>X-UpstreamMonitor-Signature</c>).</summary>
    public string? Secret { get; set; }

    /// <summary>Generic webhook and Alertmanager: extra request headers (an Authorization header, say).</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>One attempt's timeout.</summary>
    public int TimeoutMs { get; set; } = 10_000;

    /// <summary>Notifications waiting for this receiver; beyond it the oldest is dropped (and counted).</summary>
    public int QueueCapacity { get; set; } = 256;

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMs);
}

/// <summary>Sends alerts of the listed kinds and severities (empty = any) to the listed receivers.</summary>
public sealed class AlertRouteOptions
{
    public List<string> Kinds { get; set; } = [];

    public List<string> Severities { get; set; } = [];

    public List<string> Receivers { get; set; } = [];
}

/// <summary>A maintenance window: matching alerts (empty lists = all) are not notified between Start and End.</summary>
public sealed class AlertSilenceOptions
{
    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public List<string> Kinds { get; set; } = [];

    public List<string> Upstreams { get; set; } = [];

    public string? Comment { get; set; }
}
