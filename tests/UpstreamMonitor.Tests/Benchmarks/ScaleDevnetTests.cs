using UpstreamMonitor.Benchmarks.Scale;

namespace UpstreamMonitor.Tests.Benchmarks;

/// <summary>
/// The scale scenario's devnet past one process's share: the driver's nodes plus standalone simulator processes, every
/// node a port of its own and a name of its own, the remote ones answering like the local ones.
/// </summary>
public sealed class ScaleDevnetTests
{
    [Fact]
    public async Task A_devnet_past_one_process_share_is_split_over_simulator_processes_with_distinct_ports_and_names()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var devnet = await ScaleDevnet.StartAsync(25, perProcess: 10, TimeSpan.Zero, TextWriter.Null, timeout.Token);

        Assert.Equal(3, devnet.Processes);
        Assert.Equal(25, devnet.Upstreams.Count);
        Assert.Equal(25, devnet.Upstreams.Select(u => u.Url.Port).Distinct().Count());
        Assert.Equal(25, devnet.Upstreams.Select(u => u.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(devnet.Upstreams, u => Assert.Equal("127.0.0.1", u.Url.Host));

        // A node served by the last simulator process answers fork choice, and keeps its client prefix.
        var remote = devnet.Upstreams[^1];
        Assert.EndsWith("_p2", remote.Name, StringComparison.Ordinal);
        Assert.Equal(remote.Name[..remote.Name.IndexOf('_', StringComparison.Ordinal)], remote.Client);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(remote.Url, "/lean/v0/fork_choice"), timeout.Token);
        Assert.True(response.IsSuccessStatusCode, $"fork choice from {remote.Name}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_share_larger_than_the_simulator_accepts_is_refused_by_name()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => ScaleDevnet.StartAsync(10, perProcess: 5_001, TimeSpan.Zero, TextWriter.Null, CancellationToken.None));

        Assert.Equal("perProcess", error.ParamName);
    }
}
