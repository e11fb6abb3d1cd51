using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Tests.Faults;
using UpstreamMonitor.Tests.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UpstreamMonitor.Tests.Alerts;

/// <summary>From published snapshots to a receiver: the hosted pipeline as <c>AddAlerts</c> registers it.</summary>
public sealed class AlertPipelineTests
{
    [Fact]
    public async Task An_upstream_going_down_and_up_reaches_the_webhook_as_firing_then_resolved()
    {
        using var receiver = WireMockServer.Start();
        receiver.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var time = new FakeTimeProvider(TestSnapshots.Start);
        await using var services = new AlertServices(AlertServices.Receiver(0, "hook", "webhook", new Uri($"http://127.0.0.1:{receiver.Ports[0]}/hook")), time);
        var hosted = services.Get<IEnumerable<IHostedService>>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        for (var round = 1; round <= 5; round++)
        {
            var qlean = round <= 3 ? TestSnapshots.Unreachable("qlean_0", round) : TestSnapshots.Healthy("qlean_0", 44, 40, 36, round);
            services.Source.Publish(TestSnapshots.Round(round, time.GetUtcNow(),
                TestSnapshots.Healthy("zeam_0", 44, 40, 36, round), TestSnapshots.Healthy("ream_0", 44, 40, 36, round), qlean));
            if (round == 3)
            {
                await Eventually.TrueAsync(() => services.Get<ActiveAlerts>().Current.Count == 1, "upstream_down to become active");
                Assert.Equal("upstream_down/qlean_0", services.Get<ActiveAlerts>().Current[0].Key);
            }
        }

        await Eventually.TrueAsync(() => receiver.LogEntries.Count == 2, "the firing and the resolved notification");
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(CancellationToken.None);
        }

        var bodies = receiver.LogEntries.Select(e => JsonDocument.Parse(e.RequestMessage!.Body!)).ToList();
        Assert.Equal(["firing", "resolved"], bodies.Select(b => b.RootElement.GetProperty("status").GetString()));
        Assert.All(bodies, b => Assert.Equal("upstream_down", b.RootElement.GetProperty("alert").GetProperty("kind").GetString()));
        Assert.Empty(services.Get<ActiveAlerts>().Current);
        bodies.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task Publishing_never_waits_for_a_hung_receiver()
    {
        await using var hung = LoopbackFaultServer.Start(FaultBehaviors.AcceptNoAnswer);
        var time = new FakeTimeProvider(TestSnapshots.Start);
        await using var services = new AlertServices(AlertServices.Receiver(0, "hung", "webhook", hung.BaseUrl, timeoutMs: 60_000), time);
        var hosted = services.Get<IEnumerable<IHostedService>>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        // Three failing rounds fire upstream_down; the hung receiver then holds that notification while 200 more
        // rounds are published, as the poller would publish them.
        var publishing = Stopwatch.StartNew();
        for (var round = 1; round <= 200; round++)
        {
            var flapping = round % 8 < 4 ? TestSnapshots.Unreachable("qlean_0", round) : TestSnapshots.Healthy("qlean_0", 44, 40, 36, round);
            services.Source.Publish(TestSnapshots.Round(round, time.GetUtcNow(), TestSnapshots.Healthy("zeam_0", 44, 40, 36, round), flapping));
        }

        publishing.Stop();
        await Eventually.TrueAsync(() => hung.ConnectionsAccepted >= 1, "the hung receiver to be holding a delivery");

        var stopping = Stopwatch.StartNew();
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.True(publishing.Elapsed < TimeSpan.FromSeconds(1), $"publishing 200 rounds took {publishing.Elapsed}");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {stopping.Elapsed}");
    }
}
