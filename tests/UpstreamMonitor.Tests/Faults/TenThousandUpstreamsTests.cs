using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Snapshots;
using Xunit.Abstractions;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>
/// The whole host over a 10,000-upstream leanpoint file (250 simulated nodes, 40 upstream entries each): it starts,
/// lists every upstream, and one round completes. Start-up time and memory go to the test output, not to assertions.
/// </summary>
public sealed class TenThousandUpstreamsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Upstreams = 10_000;
    private const int Nodes = 250;

    private readonly string _directory = Directory.CreateTempSubdirectory("upstream-monitor-10k-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_ten_thousand_upstream_configuration_starts_and_completes_a_round()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            // Long slots: a first round of ~10 s on a shared machine must not see finalization move mid-round and split the vote.
            new SimulatedDevnetOptions { NodeCount = Nodes, UseDefaultPersonaMix = false, StateSizeBytes = 4096, SlotDuration = TimeSpan.FromMinutes(5) },
            CancellationToken.None);
        var file = Path.Combine(_directory, "upstreams.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            upstreams = Enumerable.Range(0, Upstreams)
                .Select(i => new { name = $"node_{i}", url = devnet.Nodes[i % Nodes].BaseUrl.ToString(), path = "/status" }),
        }));

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var started = TimeProvider.System.GetTimestamp();
        await using var app = MonitorApplication.Build(
        [
            new("Monitor:UpstreamsConfig", file),
            new("Monitor:BindAddress", "127.0.0.1"),
            new("Monitor:Port", "0"),
            new("Monitor:PollMs", "600000"),
            new("Monitor:TimeoutMs", "5000"),
            new("Monitor:PollConcurrency", "256"),
        ]);
        var store = app.Services.GetRequiredService<IMonitorSnapshotSource>();
        var firstRound = new TaskCompletionSource<MonitorSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Published += snapshot =>
        {
            if (snapshot.LastRound is not null)
            {
                firstRound.TrySetResult(snapshot);
            }
        };

        await app.StartAsync();
        var startup = TimeProvider.System.GetElapsedTime(started);
        var snapshot = await firstRound.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var round = snapshot.LastRound!;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var ok = snapshot.Upstreams.Count(u => u.State == UpstreamPollState.Ok);
        output.WriteLine(
            $"10,000 upstreams: host started in {startup.TotalMilliseconds:F0} ms; first round {round.Duration.TotalMilliseconds:F0} ms " +
            $"of a {round.Budget.TotalSeconds:F0} s budget; {ok} ok; managed heap +{(heapAfter - heapBefore) / (1024.0 * 1024):F1} MiB; " +
            $"working set {Environment.WorkingSet / (1024.0 * 1024):F0} MiB");
        await app.StopAsync();

        Assert.Equal(Upstreams, snapshot.Upstreams.Count);
        Assert.Equal(Upstreams, round.Dispatched + round.Skipped + round.InFlight);
        Assert.True(round.FinishedAt - round.StartedAt <= round.Budget, $"round took {round.Duration}, budget {round.Budget}");
        Assert.True(ok > Upstreams * 9 / 10, $"only {ok} of {Upstreams} upstreams answered");
        Assert.NotNull(snapshot.Consensus.Finalized);
    }
}
