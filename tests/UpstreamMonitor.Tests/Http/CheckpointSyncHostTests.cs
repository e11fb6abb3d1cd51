using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Tests.CheckpointSync;

namespace UpstreamMonitor.Tests.Http;

/// <summary>The whole path on real Kestrel: a publication makes the worker download, and syncing nodes get those bytes.</summary>
public sealed class CheckpointSyncHostTests
{
    [Fact]
    public async Task The_served_state_is_byte_for_byte_what_the_majority_served_at_the_consensus_finalized_slot()
    {
        await using var host = await KestrelMonitorHost.StartAsync(keepCheckpointSync: true);
        var chain = new VerifiedChain(stateBytes: 300_000);
        var served = chain.State(96);
        host.LeanApi.ServeState("ream_0", served);
        host.LeanApi.ServeBlock("ream_0", chain.Block(96));
        var cached = WaitForState(host.StateCache);

        host.Store.Publish(chain.Devnet(1, host.Time.GetUtcNow(), 96));
        await cached.WaitAsync(TimeSpan.FromSeconds(10));
        using var state = await host.Client.GetAsync(new Uri("/lean/v0/states/finalized", UriKind.Relative));
        var body = await state.Content.ReadAsByteArrayAsync();
        using var status = JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("/status", UriKind.Relative)));
        using var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var block = await host.Client.GetAsync(new Uri("/lean/v0/blocks/finalized", UriKind.Relative));
        var metrics = (await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');

        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.Equal(served, body);
        Assert.Equal(status.RootElement.GetProperty("finalized_slot").GetInt64(), (long)BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(8, 8)));
        Assert.Equal($"\"{status.RootElement.GetProperty("finalized_root").GetString()}\"", state.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, block.StatusCode);
        Assert.Equal(state.Headers.ETag, block.Headers.ETag);
        Assert.Equal(chain.StateRoot(96), Assert.Single(state.Headers.GetValues("X-State-Root")));
        Assert.Equal(chain.StateRoot(96), Assert.Single(block.Headers.GetValues("X-State-Root")));
        Assert.Equal(chain.Block(96), await block.Content.ReadAsByteArrayAsync());
        Assert.Contains("upstream_monitor_checkpoint_state_downloads_total{result=\"ok\"} 1", metrics);
        Assert.Contains("upstream_monitor_checkpoint_state_requests_total{code=\"200\"} 1", metrics);
        Assert.Contains($"upstream_monitor_checkpoint_state_served_bytes_total {served.Length}", metrics);
        Assert.Contains($"upstream_monitor_checkpoint_state_bytes {served.Length}", metrics);
        Assert.Contains("upstream_monitor_checkpoint_state_slot 96", metrics);
    }

    [Fact]
    public async Task The_previous_pair_is_served_while_the_next_one_fails_verification()
    {
        await using var host = await KestrelMonitorHost.StartAsync(keepCheckpointSync: true);
        var chain = new VerifiedChain();
        var first = chain.State(96);
        host.LeanApi.ServeState("ream_0", first);
        var cached = WaitForState(host.StateCache);
        host.Store.Publish(chain.Devnet(1, host.Time.GetUtcNow(), 96));
        await cached.WaitAsync(TimeSpan.FromSeconds(10));

        // Every node now serves a state of another chain for 100: nothing replaces the served pair.
        foreach (var name in new[] { "zeam_0", "ream_0", "qlean_0" })
        {
            host.LeanApi.ServeState(name, chain.State(100, fork: true));
        }

        host.Store.Publish(chain.Devnet(2, host.Time.GetUtcNow(), 100));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (host.LeanApi.StateCalls.Count < 4)
        {
            await Task.Delay(10, guard.Token);
        }

        using var state = await host.Client.GetAsync(new Uri("/lean/v0/states/finalized", UriKind.Relative));

        Assert.Equal(first, await state.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{chain.Root(96)}\"", state.Headers.ETag?.Tag);
        var metrics = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("upstream_monitor_checkpoint_state_downloads_total{result=\"mismatch\"} 3", metrics.Split('\n'));
    }

    private static Task WaitForState(IFinalizedStateCache cache)
    {
        var cached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cache.StateCached += _ => cached.TrySetResult();
        return cached.Task;
    }
}
