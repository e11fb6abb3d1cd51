using UpstreamMonitor.Alerts;
using UpstreamMonitor.Tests.Faults;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UpstreamMonitor.Tests.Alerts;

/// <summary><c>--alert-test</c> against WireMock receivers and a failing loopback receiver.</summary>
public sealed class AlertWiringCheckTests : IDisposable
{
    private readonly WireMockServer _receivers = WireMockServer.Start();

    public AlertWiringCheckTests() =>
        _receivers.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));

    public void Dispose()
    {
        _receivers.Stop();
        _receivers.Dispose();
    }

    private Uri Url(string path) => new($"http://127.0.0.1:{_receivers.Ports[0]}{path}");

    [Fact]
    public async Task Every_receiver_gets_one_test_notification_and_all_ok_exits_zero()
    {
        var settings = AlertServices.Merge(
            AlertServices.Receiver(0, "hook", "webhook", Url("/hook")),
            AlertServices.Receiver(1, "slack", "slack", Url("/services/T000/B000/SECRET")),
            AlertServices.Receiver(2, "discord", "discord", Url("/api/webhooks/1/SECRET")),
            AlertServices.Receiver(3, "am", "alertmanager", Url("/")));
        await using var services = new AlertServices(settings);
        using var output = new StringWriter();

        var exitCode = await services.Get<AlertWiringCheck>().RunAsync(output, CancellationToken.None);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(0, exitCode);
        Assert.Equal(4, _receivers.LogEntries.Count);
        Assert.Contains(_receivers.LogEntries, e => e.RequestMessage!.Path == "/api/v2/alerts" && e.RequestMessage.Body!.Contains("\"alertname\":\"alert_test\"", StringComparison.Ordinal));
        Assert.Contains(_receivers.LogEntries, e => e.RequestMessage!.Path == "/hook" && e.RequestMessage.Body!.Contains("\"reason\":\"test\"", StringComparison.Ordinal));
        Assert.Matches($@"^slack \(slack, http://127\.0\.0\.1:{_receivers.Ports[0]}/services/\*\*\*\): ok: 200 OK in \d+ ms$", lines[1]);
        Assert.Equal("4 of 4 receivers accepted the test notification.", lines[^1]);
        Assert.DoesNotContain("SECRET", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_receiver_is_named_and_exits_one()
    {
        await using var broken = LoopbackFaultServer.Start(FaultBehaviors.Respond(500, "text/plain", "down"));
        var settings = AlertServices.Merge(
            AlertServices.Receiver(0, "hook", "webhook", Url("/hook")),
            AlertServices.Receiver(1, "broken", "webhook", broken.BaseUrl));
        settings["Monitor:Alerts:MaxRetries"] = "0";
        await using var services = new AlertServices(settings);
        using var output = new StringWriter();

        var exitCode = await services.Get<AlertWiringCheck>().RunAsync(output, CancellationToken.None);

        Assert.True(exitCode == 1, output.ToString());
        Assert.Contains($"broken (webhook, {broken.BaseUrl}): FAILED: 500 Internal Server Error in ", output.ToString(), StringComparison.Ordinal);
        Assert.True(output.ToString().Contains("1 of 2 receivers accepted the test notification.", StringComparison.Ordinal), output.ToString());
        Assert.Equal(1, broken.ConnectionsAccepted);
    }

    [Fact]
    public async Task The_one_line_webhook_counts_as_a_receiver()
    {
        await using var services = new AlertServices(new Dictionary<string, string?> { ["Monitor:Alerts:Webhook"] = Url("/one-line").AbsoluteUri });
        using var output = new StringWriter();

        var exitCode = await services.Get<AlertWiringCheck>().RunAsync(output, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal("/one-line", Assert.Single(_receivers.LogEntries).RequestMessage!.Path);
        Assert.StartsWith("webhook (webhook, ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_receivers_configured_exits_two()
    {
        await using var services = new AlertServices(new Dictionary<string, string?>());
        using var output = new StringWriter();

        Assert.Equal(2, await services.Get<AlertWiringCheck>().RunAsync(output, CancellationToken.None));
        Assert.Contains("No alert receivers configured", output.ToString(), StringComparison.Ordinal);
    }
}
