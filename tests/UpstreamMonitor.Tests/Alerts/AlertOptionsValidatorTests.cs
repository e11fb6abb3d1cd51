using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts;

namespace UpstreamMonitor.Tests.Alerts;

public sealed class AlertOptionsValidatorTests
{
    [Fact]
    public async Task Defaults_are_the_issues_and_bind_from_the_section()
    {
        await using var services = new AlertServices(new Dictionary<string, string?>
        {
            ["Monitor:Alerts:Webhook"] = "https://hooks.example.test/alerts",
            ["Monitor:Alerts:Receivers:0:Name"] = "ops",
            ["Monitor:Alerts:Receivers:0:Kind"] = "slack",
            ["Monitor:Alerts:Receivers:0:Url"] = "https://hooks.slack.com/services/T000/B000/secret",
            ["Monitor:Alerts:Silences:0:Start"] = "2026-03-01T12:00:00Z",
            ["Monitor:Alerts:Silences:0:End"] = "2026-03-01T14:00:00Z",
        });

        var options = services.Options;

        Assert.Equal((16, 8, 4, 2, 3, 2, 8), (options.FinalityStallSlots, options.JustificationStallSlots, options.HeadStallSlots,
            options.ConsensusLostRounds, options.DownAfterFailures, options.UpAfterSuccesses, options.LagSlots));
        Assert.Equal(TimeSpan.FromHours(1), options.ReminderInterval);
        Assert.Equal(TimeSpan.FromSeconds(4), options.SlotTime);
        Assert.Equal(ReceiverKind.Slack, options.Receivers[0].Kind);
        Assert.Equal(["ops", "webhook"], options.EffectiveReceivers().Select(r => r.Name));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.Zero), options.Silences[0].End);
    }

    [Fact]
    public void Every_failure_names_its_entry_and_never_prints_a_secret()
    {
        var options = new AlertOptions
        {
            FinalityStallSlots = 0,
            Webhook = "not a url",
            Receivers =
            [
                new AlertReceiverOptions { Name = "ops", Kind = ReceiverKind.Slack, Url = "ftp://hooks.slack.com/services/T000/B000/s3cret", Secret = "x" },
                new AlertReceiverOptions { Name = "ops", Url = "https://alice:pw@example.test/hook", TimeoutMs = 0 },
                new AlertReceiverOptions { Url = "https://example.test/" },
            ],
            Routes = [new AlertRouteOptions { Kinds = ["finality_stall"], Severities = ["urgent"], Receivers = ["pager"] }],
            Silences = [new AlertSilenceOptions { Comment = "upgrade", Start = DateTimeOffset.UnixEpoch.AddDays(2), End = DateTimeOffset.UnixEpoch }],
        };

        var result = new AlertOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains("Monitor:Alerts:FinalityStallSlots must be 1 or more (got 0)", failures);
        Assert.Contains("Monitor:Alerts:Webhook (--alert-webhook, LEANPOINT_ALERT_WEBHOOK): 'not a url' is not an absolute http(s) URL", failures);
        Assert.Contains("Monitor:Alerts:Receivers:0 (ops): Url 'ftp://hooks.slack.com/services/***' is not an absolute http(s) URL", failures);
        Assert.Contains("Monitor:Alerts:Receivers:0 (ops): Secret signs generic webhooks only; slack receivers do not use it", failures);
        Assert.Contains("Monitor:Alerts:Receivers:1 (ops): Name 'ops' is used by another receiver", failures);
        Assert.Contains("Monitor:Alerts:Receivers:1 (ops): TimeoutMs must be between 1 and 300000 (got 0)", failures);
        Assert.Contains("Monitor:Alerts:Receivers:2: Name is required", failures);
        Assert.Contains("Monitor:Alerts:Routes:0: receiver 'pager' is not defined under Monitor:Alerts:Receivers", failures);
        Assert.Contains(failures, f => f.StartsWith("Monitor:Alerts:Routes:0: kind 'finality_stall' is not one of finality_stalled,", StringComparison.Ordinal));
        Assert.Contains("Monitor:Alerts:Routes:0: severity 'urgent' is not critical, warning or info", failures);
        Assert.Contains("Monitor:Alerts:Silences:0 (upgrade): End must be after Start", failures);
        Assert.DoesNotContain(failures, f => f.Contains("s3cret", StringComparison.Ordinal) || f.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_section_fails_when_the_options_are_read()
    {
        await using var services = new AlertServices(new Dictionary<string, string?> { ["Monitor:Alerts:LagRounds"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.Options);

        Assert.Contains("Monitor:Alerts:LagRounds must be 1 or more (got 0)", error.Failures);
    }

    [Fact]
    public void The_default_options_are_valid() =>
        Assert.True(new AlertOptionsValidator().Validate(null, new AlertOptions()).Succeeded);
}
