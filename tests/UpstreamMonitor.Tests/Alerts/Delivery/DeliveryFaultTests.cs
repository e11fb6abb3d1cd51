using System.Diagnostics;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Alerts.Delivery;
using UpstreamMonitor.Tests.Faults;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UpstreamMonitor.Tests.Alerts.Delivery;

/// <summary>Receivers that misbehave on real loopback sockets (the project's fault servers); two retries, 20 ms base delay.</summary>
public sealed class DeliveryFaultTests
{
    private static AlertNotification Notification() => new(SampleAlerts.UpstreamDown(), NotificationReason.Firing, TimeProvider.System.GetUtcNow());

    private static async Task<DeliveryResult> SendOnceAsync(Uri url, int timeoutMs = 2_000)
    {
        await using var services = new AlertServices(AlertServices.Receiver(0, "r", "webhook", url, timeoutMs));
        return await services.Get<AlertSender>().SendAsync(services.Options.Receivers[0], Notification(), CancellationToken.None);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_times_out_on_every_attempt()
    {
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.AcceptNoAnswer);

        var result = await SendOnceAsync(server.BaseUrl, timeoutMs: 300);

        Assert.False(result.Succeeded);
        Assert.Equal("timed out after 300 ms", result.Detail);
        Assert.Equal(3, server.ConnectionsAccepted);
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_receiver_failing_with_500_is_retried_then_reported()
    {
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.Respond(500, "text/plain", "boom"));

        var result = await SendOnceAsync(server.BaseUrl);

        Assert.False(result.Succeeded);
        Assert.Equal(500, result.StatusCode);
        Assert.Equal("500 Internal Server Error", result.Detail);
        Assert.Equal(3, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_receiver_that_resets_the_connection_is_retried_then_reported()
    {
        await using var server = LoopbackFaultServer.Start(async (connection, ct) =>
        {
            await connection.ReadRequestHeadAsync(ct);
            connection.Reset();
        });

        var result = await SendOnceAsync(server.BaseUrl);

        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Equal(3, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_tls_failure_is_reported_and_not_retried()
    {
        using var certificate = SelfSignedCertificate.CreateForLoopback();
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.Json("{}"), tlsCertificate: certificate);

        var result = await SendOnceAsync(server.BaseUrl);

        Assert.False(result.Succeeded);
        Assert.StartsWith("TLS handshake failed", result.Detail, StringComparison.Ordinal);
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_slow_receiver_within_its_timeout_is_delivered()
    {
        await using var server = LoopbackFaultServer.Start(async (connection, ct) =>
        {
            await connection.ReadRequestHeadAsync(ct);
            await Task.Delay(TimeSpan.FromMilliseconds(400), TimeProvider.System, ct);
            await connection.WriteAsync("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
        });

        var result = await SendOnceAsync(server.BaseUrl, timeoutMs: 3_000);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(1, server.ConnectionsAccepted);
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered in {result.Elapsed}");
    }

    [Fact]
    public async Task A_hung_receiver_delays_neither_the_others_nor_shutdown()
    {
        await using var hung = LoopbackFaultServer.Start(FaultBehaviors.AcceptNoAnswer);
        using var good = WireMockServer.Start();
        good.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        await using var services = new AlertServices(AlertServices.Merge(
            AlertServices.Receiver(0, "hung", "webhook", hung.BaseUrl, timeoutMs: 60_000),
            AlertServices.Receiver(1, "good", "slack", new Uri($"http://127.0.0.1:{good.Ports[0]}/services/T/B/X"))));
        var dispatcher = services.Get<AlertDispatcher>();
        var metrics = services.Get<AlertMetrics>();
        await dispatcher.StartAsync(CancellationToken.None);

        Assert.True(dispatcher.Enqueue("hung", Notification()));
        await Eventually.TrueAsync(() => hung.ConnectionsAccepted == 1, "the hung receiver to hold the first notification");
        Assert.True(dispatcher.Enqueue("good", Notification()));
        Assert.True(dispatcher.Enqueue("good", Notification()));
        await Eventually.TrueAsync(() => metrics.Deliveries("good", AlertMetrics.Delivered) == 2, "both notifications to reach the good receiver");

        var stopping = Stopwatch.StartNew();
        await dispatcher.StopAsync(CancellationToken.None);
        stopping.Stop();

        Assert.Equal(2, good.LogEntries.Count);
        Assert.Equal(0, metrics.Deliveries("hung", AlertMetrics.Delivered));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"shutdown took {stopping.Elapsed} with a receiver hanging");
    }

    [Fact]
    public async Task A_full_queue_drops_its_oldest_notification_and_counts_it()
    {
        await using var hung = LoopbackFaultServer.Start(FaultBehaviors.AcceptNoAnswer);
        var settings = AlertServices.Receiver(0, "hung", "webhook", hung.BaseUrl, timeoutMs: 60_000);
        settings["Monitor:Alerts:Receivers:0:QueueCapacity"] = "2";
        await using var services = new AlertServices(settings);
        var dispatcher = services.Get<AlertDispatcher>();
        var metrics = services.Get<AlertMetrics>();
        await dispatcher.StartAsync(CancellationToken.None);

        dispatcher.Enqueue("hung", Notification());
        await Eventually.TrueAsync(() => hung.ConnectionsAccepted == 1, "the first notification to be in flight");
        var enqueueing = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(dispatcher.Enqueue("hung", Notification()));
        }

        enqueueing.Stop();

        Assert.Equal(3, metrics.Deliveries("hung", AlertMetrics.Dropped));
        Assert.True(enqueueing.Elapsed < TimeSpan.FromMilliseconds(500), $"enqueueing blocked for {enqueueing.Elapsed}");
        Assert.Contains(services.Logs.Lines, l => l.StartsWith("Warning: Alert queue of hung is full", StringComparison.Ordinal));
        await dispatcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Failures_are_logged_with_the_receiver_url_redacted()
    {
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.Respond(500, "text/plain", "boom"));
        var url = new Uri(server.BaseUrl, "services/T000/B000/SECRETTOKEN");
        await using var services = new AlertServices(AlertServices.Receiver(0, "slack", "slack", url));
        var dispatcher = services.Get<AlertDispatcher>();
        var metrics = services.Get<AlertMetrics>();
        await dispatcher.StartAsync(CancellationToken.None);

        dispatcher.Enqueue("slack", Notification());
        await Eventually.TrueAsync(() => metrics.Deliveries("slack", AlertMetrics.Failed) == 1, "the delivery to fail");
        await dispatcher.StopAsync(CancellationToken.None);

        var line = Assert.Single(services.Logs.Lines, l => l.Contains("not delivered to slack", StringComparison.Ordinal));
        Assert.Contains($"{server.BaseUrl}services/***", line, StringComparison.Ordinal);
        Assert.DoesNotContain(services.Logs.Lines, l => l.Contains("SECRETTOKEN", StringComparison.Ordinal));
    }
}
