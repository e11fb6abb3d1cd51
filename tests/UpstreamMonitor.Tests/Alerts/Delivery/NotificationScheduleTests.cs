using UpstreamMonitor.Alerts;
using UpstreamMonitor.Alerts.Delivery;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Alerts.Delivery;

public sealed class NotificationScheduleTests
{
    private static readonly DateTimeOffset Now = TestSnapshots.Start;

    private static AlertOptions Options(params ReceiverKind[] kinds) => new()
    {
        Receivers = [.. kinds.Select((k, i) => new AlertReceiverOptions { Name = $"r{i}", Kind = k, Url = "http://127.0.0.1:9/" })],
    };

    [Fact]
    public void Firing_goes_to_every_receiver_without_routes_and_resolution_to_those_told()
    {
        var schedule = new NotificationSchedule(Options(ReceiverKind.Webhook, ReceiverKind.Slack));
        var alert = SampleAlerts.FinalityStalled(Now);

        var fired = schedule.OnTransitions(new AlertTransitions([alert], []), Now);
        var resolved = schedule.OnTransitions(new AlertTransitions([], [alert with { ResolvedAt = Now.AddMinutes(3) }]), Now.AddMinutes(3));

        Assert.Equal(["r0", "r1"], fired.Select(s => s.Receiver));
        Assert.All(fired, s => Assert.Equal(NotificationReason.Firing, s.Notification.Reason));
        Assert.Equal(["r0", "r1"], resolved.Select(s => s.Receiver));
        Assert.All(resolved, s => Assert.Equal("resolved", s.Notification.Status));
    }

    [Fact]
    public void Routes_select_receivers_by_kind_and_severity()
    {
        var options = Options(ReceiverKind.Webhook, ReceiverKind.Slack, ReceiverKind.Discord);
        options.Routes =
        [
            new AlertRouteOptions { Severities = ["critical"], Receivers = ["r0", "r1"] },
            new AlertRouteOptions { Kinds = ["upstream_down"], Receivers = ["r2"] },
        ];
        var schedule = new NotificationSchedule(options);

        var sends = schedule.OnTransitions(new AlertTransitions([SampleAlerts.FinalityStalled(Now), SampleAlerts.UpstreamDown(at: Now)], []), Now);

        Assert.Equal(["r0", "r1"], sends.Where(s => s.Notification.Alert.Kind == AlertKind.FinalityStalled).Select(s => s.Receiver));
        Assert.Equal(["r2"], sends.Where(s => s.Notification.Alert.Kind == AlertKind.UpstreamDown).Select(s => s.Receiver));
    }

    [Fact]
    public void Reminders_follow_the_interval_and_alertmanager_gets_its_shorter_resend()
    {
        var schedule = new NotificationSchedule(Options(ReceiverKind.Webhook, ReceiverKind.Alertmanager));
        var alert = SampleAlerts.FinalityStalled(Now);
        schedule.OnTransitions(new AlertTransitions([alert], []), Now);

        Assert.Empty(schedule.Due([alert], Now.AddSeconds(59)));
        Assert.Equal(["r1"], schedule.Due([alert], Now.AddSeconds(60)).Select(s => s.Receiver));
        Assert.Equal(NotificationReason.Reminder, schedule.Due([alert], Now.AddSeconds(120)).Single().Notification.Reason);
        var hourly = schedule.Due([alert], Now.AddHours(1));
        Assert.Equal(["r0", "r1"], hourly.Select(s => s.Receiver));
        Assert.Equal(TimeSpan.FromSeconds(15), schedule.TickInterval());
    }

    [Fact]
    public void A_silenced_alert_is_not_sent_and_is_sent_as_firing_once_the_silence_ends()
    {
        var options = Options(ReceiverKind.Webhook);
        options.Silences = [new AlertSilenceOptions { Start = Now.AddMinutes(-5), End = Now.AddMinutes(30), Upstreams = ["qlean_0"] }];
        var schedule = new NotificationSchedule(options);
        var down = SampleAlerts.UpstreamDown("qlean_0", Now);
        var other = SampleAlerts.UpstreamDown("zeam_0", Now);

        var sends = schedule.OnTransitions(new AlertTransitions([down, other], []), Now);
        Assert.Equal(["upstream_down/zeam_0"], sends.Select(s => s.Notification.Alert.Key));
        Assert.Empty(schedule.Due([down], Now.AddMinutes(29)));

        var after = Assert.Single(schedule.Due([down], Now.AddMinutes(30)));
        Assert.Equal(NotificationReason.Firing, after.Notification.Reason);
    }

    [Fact]
    public void An_alert_silenced_throughout_sends_no_resolution()
    {
        var options = Options(ReceiverKind.Webhook);
        options.Silences = [new AlertSilenceOptions { Start = Now.AddMinutes(-5), End = Now.AddMinutes(30) }];
        var schedule = new NotificationSchedule(options);
        var alert = SampleAlerts.FinalityStalled(Now);

        Assert.Empty(schedule.OnTransitions(new AlertTransitions([alert], []), Now));
        Assert.Empty(schedule.OnTransitions(new AlertTransitions([], [alert with { ResolvedAt = Now.AddMinutes(1) }]), Now.AddMinutes(1)));
    }

    [Fact]
    public void Reminders_can_be_turned_off()
    {
        var options = Options(ReceiverKind.Webhook);
        options.ReminderIntervalMs = 0;
        var schedule = new NotificationSchedule(options);
        var alert = SampleAlerts.FinalityStalled(Now);
        schedule.OnTransitions(new AlertTransitions([alert], []), Now);

        Assert.Empty(schedule.Due([alert], Now.AddDays(2)));
    }
}
