using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Http;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.CheckpointSync;

public sealed class CheckpointSyncServiceTests : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(TestSnapshots.Start);
    private readonly FakeLeanApiClient _client = new();
    private readonly FinalizedStateCache _cache = new();
    private readonly MonitorSnapshotStore _store;
    private readonly CheckpointSyncService _service;
    private readonly Channel<(CheckpointTarget? Target, DownloadOutcome Outcome)> _passes = Channel.CreateUnbounded<(CheckpointTarget?, DownloadOutcome)>();

    public CheckpointSyncServiceTests()
    {
        var options = Options.Create(new CheckpointSyncOptions());
        _store = new MonitorSnapshotStore(options, Options.Create(new ConsensusOptions()), NullLogger<MonitorSnapshotStore>.Instance);
        var downloader = new FinalizedStateDownloader(
            _client, new DefaultConsensusRule(), _cache, new CheckpointSyncStatistics(), options, _time, NullLogger<FinalizedStateDownloader>.Instance);
        _service = new CheckpointSyncService(_store, downloader, _time, NullLogger<CheckpointSyncService>.Instance);
        _service.PassCompleted += (target, outcome) => _passes.Writer.TryWrite((target, outcome));
    }

    [Fact]
    public async Task A_publication_with_a_new_finalized_checkpoint_caches_its_state_off_the_publishing_thread()
    {
        await StartAsync();
        _client.ServeState("ream_0", SszStates.State(36));

        Publish(TestSnapshots.Devnet(1, _time.GetUtcNow(), finalized: 36));
        var pass = await NextPassAsync();

        Assert.Equal((new CheckpointTarget(36, TestSnapshots.Root(36)), DownloadOutcome.Cached), pass);
        Assert.Equal(36, _cache.State!.Slot);
    }

    [Fact]
    public async Task When_finalization_moves_on_it_retargets_without_a_download_storm()
    {
        await StartAsync();
        foreach (var name in new[] { "zeam_0", "ream_0", "qlean_0" })
        {
            _client.ServeState(name, SszStates.State(40));
        }

        // Every node already finalized 40 while the consensus still says 36: one request, then wait.
        Publish(TestSnapshots.Devnet(1, _time.GetUtcNow(), finalized: 36));
        var movedOn = await NextPassAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        Publish(TestSnapshots.Devnet(2, _time.GetUtcNow(), finalized: 36));
        var waiting = await NextPassAsync();
        var callsWhileBehind = _client.StateCalls.Count;

        Publish(TestSnapshots.Devnet(3, _time.GetUtcNow(), finalized: 40));
        var cached = await NextPassAsync();

        Assert.Equal(DownloadOutcome.MovedOn, movedOn.Outcome);
        Assert.Equal(DownloadOutcome.NothingToDo, waiting.Outcome);
        Assert.Equal(1, callsWhileBehind);
        Assert.Equal(DownloadOutcome.Cached, cached.Outcome);
        Assert.Equal(2, _client.StateCalls.Count);
        Assert.Equal(40, _cache.State!.Slot);
    }

    [Fact]
    public async Task A_consensus_that_advanced_during_the_download_is_retargeted_at_once()
    {
        await StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.StateGate = _ => release.Task;
        _client.ServeState("ream_0", SszStates.State(40));

        Publish(TestSnapshots.Devnet(1, _time.GetUtcNow(), finalized: 36));
        await WaitUntilAsync(() => !_client.StateCalls.IsEmpty);
        Publish(TestSnapshots.Devnet(2, _time.GetUtcNow(), finalized: 40));
        release.SetResult();
        var first = await NextPassAsync();
        var second = await NextPassAsync();

        Assert.Equal(DownloadOutcome.MovedOn, first.Outcome);
        Assert.Equal((new CheckpointTarget(40, TestSnapshots.Root(40)), DownloadOutcome.Cached), second);
        Assert.Equal(["ream_0", "ream_0"], _client.StateCalls);
    }

    [Fact]
    public async Task A_target_every_upstream_failed_is_retried_only_after_a_backoff()
    {
        await StartAsync();
        Publish(TestSnapshots.Devnet(1, _time.GetUtcNow(), finalized: 36));
        var failed = await NextPassAsync();
        var callsAfterFirstPass = _client.StateCalls.Count;

        Publish(TestSnapshots.Devnet(2, _time.GetUtcNow(), finalized: 36));
        var backingOff = await NextPassAsync();
        _time.Advance(CheckpointSyncService.FirstRetryDelay);
        _client.ServeState("zeam_0", SszStates.State(36));
        Publish(TestSnapshots.Devnet(3, _time.GetUtcNow(), finalized: 36));
        var retried = await NextPassAsync();

        Assert.Equal(DownloadOutcome.AllFailed, failed.Outcome);
        Assert.Equal(3, callsAfterFirstPass);
        Assert.Equal(DownloadOutcome.NothingToDo, backingOff.Outcome);
        Assert.Equal(DownloadOutcome.Cached, retried.Outcome);
        Assert.Equal(6, _client.StateCalls.Count);
    }

    [Fact]
    public async Task Shutdown_cancels_an_in_flight_download()
    {
        await StartAsync();
        _client.StateGate = _ => new TaskCompletionSource().Task;
        Publish(TestSnapshots.Devnet(1, _time.GetUtcNow(), finalized: 36));
        await WaitUntilAsync(() => !_client.StateCalls.IsEmpty);

        using var guard = new CancellationTokenSource(Guard);
        await _service.StopAsync(guard.Token);

        Assert.True(_service.ExecuteTask!.IsCompleted);
        Assert.Null(_cache.State);
    }

    [Fact]
    public void The_retry_delay_doubles_up_to_its_ceiling()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), CheckpointSyncService.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(10), CheckpointSyncService.RetryDelay(2));
        Assert.Equal(CheckpointSyncService.MaxRetryDelay, CheckpointSyncService.RetryDelay(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
    }

    private async Task StartAsync()
    {
        await _service.StartAsync(CancellationToken.None);
        var initial = await NextPassAsync();
        Assert.Equal((null, DownloadOutcome.NothingToDo), initial);
    }

    private async Task<(CheckpointTarget? Target, DownloadOutcome Outcome)> NextPassAsync()
    {
        using var guard = new CancellationTokenSource(Guard);
        return await _passes.Reader.ReadAsync(guard.Token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (!condition())
        {
            await Task.Delay(5, guard.Token);
        }
    }

    /// <summary>Publishes, then hands the snapshot to the service as its observer lane would.</summary>
    private void Publish(MonitorSnapshot snapshot)
    {
        _store.Publish(snapshot);
        _service.OnSnapshotAsync(snapshot, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }
}
