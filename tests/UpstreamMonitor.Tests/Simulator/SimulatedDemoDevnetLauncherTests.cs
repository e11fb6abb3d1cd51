using System.Net;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

public sealed class SimulatedDemoDevnetLauncherTests
{
    [Fact]
    public async Task Starts_the_default_mix_and_returns_its_nodes_as_upstreams()
    {
        var launcher = new SimulatedDemoDevnetLauncher();

        await using var handle = await launcher.StartAsync(8, TimeSpan.FromMilliseconds(250), DevnetTestClient.NewClock(), CancellationToken.None);

        Assert.Equal(8, handle.Upstreams.Count);
        Assert.Equal("zeam_0", handle.Upstreams[0].Name);
        Assert.Equal("zeam", handle.Upstreams[0].Client);
        Assert.Equal(8, handle.Upstreams.Select(u => u.Url).Distinct().Count());
        Assert.All(handle.Upstreams, u => Assert.True(IPAddress.IsLoopback(IPAddress.Parse(u.Url.Host))));

        // The launcher uses the default seed, so the default mix tells which node is which.
        var personas = DefaultPersonaMix.Assign(8, new SimulatedDevnetOptions().Seed);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < handle.Upstreams.Count; i++)
        {
            var url = new Uri(handle.Upstreams[i].Url, "/lean/v0/fork_choice");
            if (personas[i] == Persona.Hung)
            {
                await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(url));
                continue;
            }

            using var response = await http.GetAsync(url);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, Assert.Single(statuses, s => s != HttpStatusCode.OK));
    }
}
