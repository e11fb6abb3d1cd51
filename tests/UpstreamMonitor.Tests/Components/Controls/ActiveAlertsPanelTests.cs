using Bunit;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Components.Controls;

namespace UpstreamMonitor.Tests.Components.Controls;

public sealed class ActiveAlertsPanelTests : BunitContext
{
    private static readonly DateTimeOffset Now = DashboardSnapshots.Now;

    private static AlertEvent Alert(AlertKind kind, AlertSeverity severity, TimeSpan age, string summary) => new()
    {
        Id = kind.WireName() + "-1",
        Key = kind.WireName(),
        Kind = kind,
        Severity = severity,
        FirstSeen = Now - age,
        Summary = summary,
    };

    [Fact]
    public void Active_alerts_are_listed_most_severe_then_oldest_first_with_their_age()
    {
        var alerts = new ActiveAlerts();
        alerts.Replace(
        [
            Alert(AlertKind.UpstreamDown, AlertSeverity.Warning, TimeSpan.FromMinutes(9), "ream_3 down for 3 rounds"),
            Alert(AlertKind.FinalityStalled, AlertSeverity.Critical, TimeSpan.FromSeconds(90), "Finality stalled at slot 96 for 16 slots"),
            Alert(AlertKind.ForkDetected, AlertSeverity.Critical, TimeSpan.FromMinutes(3), "Fork: gean_0 on finalized"),
        ]);
        Services.AddSingleton(alerts);

        var cut = Render<ActiveAlertsPanel>(p => p.Add(c => c.Now, Now));

        Assert.Contains("3 active alerts", cut.Find("h2").TextContent, StringComparison.Ordinal);
        var items = cut.FindAll("li.alert");
        Assert.Equal(["fork_detected", "finality_stalled", "upstream_down"], items.Select(i => i.GetAttribute("data-alert-kind")));
        Assert.Equal("critical", items[0].QuerySelector(".severity")!.TextContent);
        Assert.Contains("Finality stalled at slot 96", items[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("for 1 min 30 s", items[1].QuerySelector(".age")!.TextContent);
    }

    [Fact]
    public void A_fired_alert_appears_and_a_resolved_one_disappears_without_a_new_snapshot()
    {
        var alerts = new ActiveAlerts();
        Services.AddSingleton(alerts);
        var cut = Render<ActiveAlertsPanel>(p => p.Add(c => c.Now, Now));
        Assert.Empty(cut.FindAll("section"));

        alerts.Replace([Alert(AlertKind.ConsensusLost, AlertSeverity.Critical, TimeSpan.FromSeconds(8), "No finalized majority")]);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("li.alert")));

        alerts.Replace([]);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("section")));
    }

    [Fact]
    public void A_host_without_alerts_shows_no_panel()
    {
        var cut = Render<ActiveAlertsPanel>(p => p.Add(c => c.Now, Now));

        Assert.Empty(cut.FindAll("section"));
    }
}
