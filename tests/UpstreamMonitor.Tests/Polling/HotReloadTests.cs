using Microsoft.Extensions.Logging.Abstractions;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Polling.Support;
using UpstreamMonitor.Upstreams;
using static UpstreamMonitor.Tests.Polling.Support.ScriptedLeanApiClient;

namespace UpstreamMonitor.Tests.Polling;

/// <summary>The engine over the real upstreams file source: edits apply next round, a broken edit keeps the old set.</summary>
public sealed class HotReloadTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"upstreams-{Guid.NewGuid():N}.json");
    private DateTime _stamp = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Adding_and_removing_upstreams_in_the_file_takes_effect_next_round_and_a_broken_file_keeps_the_old_set()
    {
        Write("""{"upstreams":[{"name":"zeam_0","url":"http://127.0.0.1:5052"},{"name":"ream_0","url":"http://127.0.0.1:5053"}]}""");
        var source = new FileUpstreamSource(_path, NullLogger<FileUpstreamSource>.Instance);
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100 }, source);
        foreach (var name in new[] { "zeam_0", "ream_0", "qlean_0" })
        {
            h.Client.Answer(name, ForkChoice(40));
        }

        await h.Engine.RunRoundAsync(CancellationToken.None);
        Assert.Equal(["zeam_0", "ream_0"], h.Current.Upstreams.Select(u => u.Name));

        Write("""{"upstreams":[{"name":"ream_0","url":"http://127.0.0.1:5053"},{"name":"qlean_0","url":"http://127.0.0.1:5054"}]}""");
        await h.Engine.RunRoundAsync(CancellationToken.None);

        Assert.Equal(["ream_0", "qlean_0"], h.Current.Upstreams.Select(u => u.Name));
        Assert.All(h.Current.Upstreams, u => Assert.Equal(UpstreamPollState.Ok, u.State));
        Assert.All(h.Current.Upstreams, u => Assert.Equal(2, u.LastPolledRound));
        Assert.Equal(1, h.Client.Calls("zeam_0"));

        Write("""{"upstreams":[{"name":"ream_0","url":""");
        var stats = await h.Engine.RunRoundAsync(CancellationToken.None);

        Assert.Equal(2, stats.Dispatched);
        Assert.Equal(["ream_0", "qlean_0"], h.Current.Upstreams.Select(u => u.Name));
        Assert.Equal(3, h.Client.Calls("ream_0"));
    }

    private void Write(string json)
    {
        File.WriteAllText(_path, json);

        // Each edit gets its own modification time, as an operator's edits would, even within one clock tick.
        _stamp = _stamp.AddSeconds(1);
        File.SetLastWriteTimeUtc(_path, _stamp);
    }
}
