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
    private readonly VerifiedChain _chain = new();
    private readonly MonitorSnapshotStore _store;
    private readonly CheckpointSyncService _service;
    private readonly Channel<(CheckpointTarget? Target, DownloadOutcome Outcome)> _passes = Channel.CreateUnbounded<(CheckpointTarget?, DownloadOutcome)>();

    public CheckpointSyncServiceTests()
    {
        var options = Options.Create(new CheckpointSyncOptions());
        _store = new MonitorSnapshotStore(options, Options.Create(new ConsensusOptions()), NullLogger<MonitorSnapshotStore>.Instance);
        var downloader = new FinalizedStateDownloader(
            _client, new DefaultConsensusRule(), _cache, new CheckpointSyncStatistics(), new DefaultCheckpointRejectionSink(), options, _time, NullLogger<FinalizedStateDownloader>.Instance);
        _service = new CheckpointSyncService(_store, downloader, _time, NullLogger<CheckpointSyncService>.Instance);
        _service.PassCompleted += (target, outcome) => _passes.Writer.TryWrite((target, outcome));
    }

    [Fact]
    public async Task A_publication_with_a_new_finalized_checkpoint_caches_its_state_off_the_publishing_thread()
    {
        await StartAsync();
        _client.ServeState("ream_0", _chain.State(96));

        Publish(_chain.Devnet(1, _time.GetUtcNow(), 96));
        var pass = await NextPassAsync();

        Assert.Equal((new CheckpointTarget(96, _chain.Root(96)), DownloadOutcome.Cached), pass);
        Assert.Equal(96, _cache.State!.Slot);
    }

    [Fact]
    public async Task When_finalization_moved_on_the_newer_verified_state_is_served_without_a_download_storm()
    {
        await StartAsync();
        foreach (var name in new[] { "zeam_0", "ream_0", "qlean_0" })
        {
            _client.ServeState(name, _chain.State(100));
        }

        // Every node already finalized 100 while the consensus still says 96: one request, served, then quiet.
        Publish(_chain.Devnet(1, _time.GetUtcNow(), 96));
        var served = await NextPassAsync();
        Publish(_chain.Devnet(2, _time.GetUtcNow(), 98));
        var behind = await NextPassAsync();
        Publish(_chain.Devnet(3, _time.GetUtcNow(), 100));
        var caughtUp = await NextPassAsync();

        Assert.Equal(DownloadOutcome.Cached, served.Outcome);
        Assert.Equal(DownloadOutcome.NothingToDo, behind.Outcome);
        Assert.Equal(DownloadOutcome.NothingToDo, caughtUp.Outcome);
        Assert.Single(_client.StateCalls);
        Assert.Equal(100, _cache.State!.Slot);
    }

    [Fact]
    public async Task A_consensus_that_advanced_during_the_download_keeps_the_pair_when_it_descends_from_it()
    {
        await StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.StateGate = _ => release.Task;
        _client.ServeState("ream_0", _chain.State(101));

        Publish(_chain.Devnet(1, _time.GetUtcNow(), 96));
        await WaitUntilAsync(() => !_client.StateCalls.IsEmpty);
        Publish(_chain.Devnet(2, _time.GetUtcNow(), 100));
        release.SetResult();
        var first = await NextPassAsync();
        var second = await NextPassAsync();

        Assert.Equal(DownloadOutcome.Cached, first.Outcome);
        Assert.Equal((new CheckpointTarget(100, _chain.Root(100)), DownloadOutcome.NothingToDo), second);
        Assert.Equal(["ream_0"], _client.StateCalls);
        Assert.Equal(101, _cache.Serving!.Slot);
    }

    [Fact]
    public async Task A_target_every_upstream_failed_is_retried_only_after_a_backoff()
    {
        await StartAsync();
        Publish(_chain.Devnet(1, _time.GetUtcNow(), 96));
        var failed = await NextPassAsync();
        var callsAfterFirstPass = _client.StateCalls.Count;

        Publish(_chain.Devnet(2, _time.GetUtcNow(), 96));
        var backingOff = await NextPassAsync();
        _time.Advance(CheckpointSyncService.FirstRetryDelay);
        _client.ServeState("zeam_0", _chain.State(96));
        Publish(_chain.Devnet(3, _time.GetUtcNow(), 96));
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
        Publish(_chain.Devnet(1, _time.GetUtcNow(), 96));
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
