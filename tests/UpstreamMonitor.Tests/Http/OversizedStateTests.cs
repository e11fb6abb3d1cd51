using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.CheckpointSync;

namespace UpstreamMonitor.Tests.Http;

/// <summary>The real lean API client inside the host: an oversized state is refused mid-stream and the next majority node is used.</summary>
public sealed class OversizedStateTests
{
    private const long MaxStateBytes = 1024 * 1024;
    private const long Endless = 256L * 1024 * 1024;

    [Fact]
    public async Task An_oversized_state_is_refused_without_reading_it_whole_and_the_next_majority_upstream_serves()
    {
        await using var oversized = LoopbackStateServer.Streaming(Endless);
        var chain = new VerifiedChain(stateBytes: 200_000);
        var valid = chain.State(96);
        await using var honest = LoopbackStateServer.Serving(valid);
        await using var host = await KestrelMonitorHost.StartAsync(
            keepCheckpointSync: true,
            realLeanApi: true,
            new KeyValuePair<string, string?>("Monitor:MaxStateBytes", MaxStateBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var cached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.StateCache.StateCached += _ => cached.TrySetResult();

        // The oversized node is the fastest, so it is asked first.
        var snapshot = TestSnapshots.Round(
            1,
            host.Time.GetUtcNow(),
            chain.Healthy("zeam_0", 96, url: oversized.Url.ToString(), latencyMs: 1),
            chain.Healthy("ream_0", 96, url: honest.Url.ToString(), latencyMs: 5),
            chain.Healthy("qlean_0", 96, url: "http://127.0.0.1:9/", latencyMs: 9));
        host.Store.Publish(snapshot);
        await cached.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("ream_0", host.StateCache.State!.Upstream);
        Assert.Equal(valid, host.StateCache.State.Bytes);

        // The reader stopped just past the limit: what left the server is the limit plus socket buffers, nowhere near
        // the 256 MiB it would have sent to a client that buffers the whole body.
        Assert.True(oversized.BodyBytesWritten < 32 * MaxStateBytes, $"{oversized.BodyBytesWritten} bytes were sent");
    }
}
