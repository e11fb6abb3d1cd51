using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Benchmarks.Load;

namespace UpstreamMonitor.Tests.Benchmarks;

public sealed class OpenLoopLoadTests
{
    [Fact]
    public async Task A_stall_shows_in_every_request_scheduled_during_it_not_only_the_one_that_stalled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stall = TimeSpan.FromMilliseconds(300);
        var served = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/", async context =>
        {
            // The fifth request holds the only connection: a closed-loop tool would record one slow request here.
            if (Interlocked.Increment(ref served) == 5)
            {
                await Task.Delay(stall, context.RequestAborted);
            }
        });
        await app.StartAsync(timeout.Token);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        var result = await new OpenLoopLoad(TimeProvider.System)
            .RunAsync(address, ratePerSecond: 200, TimeSpan.FromSeconds(1), connections: 1, timeout.Token);

        Assert.Equal(200, result.Requests);
        Assert.Equal(0, result.Errors + result.Non2xx);
        Assert.True(result.Max >= stall, $"max {result.Max}");

        // About 60 requests were due during the 300 ms stall, queueing behind it: the slowest 10% all waited 100 ms or more.
        Assert.True(result.P90 >= TimeSpan.FromMilliseconds(100), $"p90 {result.P90}");
        Assert.True(result.PeakQueued >= 20, $"peak queued {result.PeakQueued}");
    }

    [Fact]
    public async Task Every_request_is_answered_on_the_pre_opened_connections_and_error_statuses_are_counted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var connections = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        var served = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/", context =>
        {
            connections.TryAdd(context.Connection.Id, 0);

            // Every tenth answer is a 503 with a body, so framing by Content-Length has to hold past error responses too.
            context.Response.StatusCode = Interlocked.Increment(ref served) % 10 == 0 ? 503 : 200;
            var body = new byte[context.Response.StatusCode == 200 ? 20_000 : 7];
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        });
        await app.StartAsync(timeout.Token);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        var result = await new OpenLoopLoad(TimeProvider.System)
            .RunAsync(address, ratePerSecond: 500, TimeSpan.FromSeconds(1), connections: 4, timeout.Token);

        Assert.Equal(500, result.Requests);
        Assert.Equal(500, served);
        Assert.Equal(50, result.Non2xx);
        Assert.Equal(0, result.Errors);
        Assert.InRange(connections.Count, 1, 4);

        // Open loop never runs ahead of its schedule; on a loaded machine it may only fall behind it, so only the upper bound holds.
        Assert.True(result.AchievedRate is > 0 and <= 510, $"achieved {result.AchievedRate}/s");
    }
}
