using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Tests.Http;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.CheckpointSync;

/// <summary>Verification on download, against real lstar SSZ (see <see cref="VerifiedChain"/>).</summary>
public sealed class FinalizedStateDownloaderTests
{
    private readonly VerifiedChain _chain = new();
    private readonly FakeLeanApiClient _client = new();
    private readonly FinalizedStateCache _cache = new();
    private readonly CheckpointSyncStatistics _statistics = new();
    private readonly DefaultCheckpointRejectionSink _rejections = new();
    private readonly FakeTimeProvider _time = new(TestSnapshots.Start);
    private readonly RecordingLogger<FinalizedStateDownloader> _logger = new();

    [Fact]
    public async Task The_fastest_majority_upstream_is_asked_first_and_its_verified_pair_is_served_unchanged()
    {
        var state = _chain.State(96);
        var block = _chain.Block(96);
        _client.ServeState("ream_0", state);
        _client.ServeBlock("ream_0", block);

        var outcome = await Downloader().DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);

        Assert.Equal(DownloadOutcome.Cached, outcome);
        Assert.Equal(["ream_0"], _client.StateCalls);
        Assert.Equal(state, _cache.State!.Bytes);
        Assert.Equal(block, _cache.Block!.Bytes);
        Assert.Equal(_cache.State.ETag, _cache.Block.ETag);
        Assert.Equal(new ServingCheckpoint(96, _chain.Root(96), _chain.StateRoot(96), "ream_0", _time.GetUtcNow(), HasBlock: true, VouchedAsOf: _time.GetUtcNow()), _cache.Serving);
        Assert.Equal(1, _statistics.Count(CheckpointSyncStatistics.Ok));
    }

    [Fact]
    public async Task The_configured_maximum_bounds_every_download()
    {
        _client.ServeState("ream_0", _chain.State(96));

        await Downloader(maxStateBytes: 1_000_000).DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);

        Assert.Equal([1_000_000L], _client.MaxBytesSeen);
    }

    [Fact]
    public async Task A_state_of_another_root_is_never_served_and_its_upstream_gets_a_clear_error()
    {
        _client.FailState("ream_0", LeanApiErrorKind.TooLarge, "state exceeds 67108864 bytes");
        _client.ServeState("qlean_0", _chain.State(96, fork: true));
        _client.ServeState("zeam_0", _chain.State(96));

        var outcome = await Downloader().DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);

        Assert.Equal(DownloadOutcome.Cached, outcome);
        Assert.Equal(["ream_0", "qlean_0", "zeam_0"], _client.StateCalls);
        Assert.Equal("zeam_0", _cache.State!.Upstream);
        Assert.Equal(
            $"checkpoint state does not match finalized root {_chain.Root(96)}: hash_tree_root {StateRootOf(_chain.State(96, fork: true))} (block root {_chain.Root(96, fork: true)})",
            _rejections.LastError("qlean_0"));
        Assert.Null(_rejections.LastError("zeam_0"));
        Assert.Contains(_logger.Messages, m => m.Contains("ream_0", StringComparison.Ordinal) && m.Contains("exceeds", StringComparison.Ordinal));
        Assert.Equal(1, _statistics.Count(CheckpointSyncStatistics.TooLarge));
        Assert.Equal(1, _statistics.Count(CheckpointSyncStatistics.Mismatch));
    }

    [Fact]
    public async Task Truncated_or_non_ssz_states_are_refused_with_the_decoding_error()
    {
        var state = _chain.State(96);
        _client.ServeState("ream_0", state[..(state.Length / 2)]);
        _client.ServeState("qlean_0", "<html>502 Bad Gateway</html>"u8.ToArray());

        var outcome = await Downloader().DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);

        Assert.Equal(DownloadOutcome.AllFailed, outcome);
        Assert.Null(_cache.State);
        Assert.StartsWith("checkpoint state is not a valid lstar State: state: offset", _rejections.LastError("ream_0"), StringComparison.Ordinal);
        Assert.StartsWith("checkpoint state is not SSZ:", _rejections.LastError("qlean_0"), StringComparison.Ordinal);
        Assert.Equal(2, _statistics.Count(CheckpointSyncStatistics.Invalid));
    }

    [Fact]
    public async Task A_block_of_another_slot_fails_the_pair_and_the_next_upstream_is_tried()
    {
        _client.ServeState("ream_0", _chain.State(97));
        _client.ServeBlock("ream_0", _chain.Block(96));
        _client.ServeState("qlean_0", _chain.State(96));
        _client.ServeBlock("qlean_0", _chain.Block(96));

        var outcome = await Downloader().DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);

        Assert.Equal(DownloadOutcome.Cached, outcome);
        Assert.Equal("qlean_0", _cache.State!.Upstream);
        Assert.Equal(96, _cache.Serving!.Slot);
        Assert.StartsWith($"checkpoint block does not match its state: hash_tree_root(block.message) {_chain.Root(96)} at slot 96", _rejections.LastError("ream_0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstreams_outside_the_majority_are_never_asked()
    {
        var snapshot = TestSnapshots.Round(
            1,
            TestSnapshots.Start,
            _chain.Healthy("zeam_0", 96, latencyMs: 50),
            _chain.Healthy("ream_0", 96, latencyMs: 40),
            _chain.Healthy("gean_0", 96, latencyMs: 1, finalizedRoot: _chain.Root(96, fork: true)));
        _client.ServeState("gean_0", _chain.State(96));

        var outcome = await Downloader().DownloadAsync(snapshot, CancellationToken.None);

        Assert.Equal(DownloadOutcome.AllFailed, outcome);
        Assert.Equal(["ream_0", "zeam_0"], _client.StateCalls);
        Assert.Null(_cache.State);
    }

    [Fact]
    public async Task The_previous_pair_stays_served_until_a_new_one_verifies()
    {
        _client.ServeState("ream_0", _chain.State(96));
        var downloader = Downloader();
        await downloader.DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);
        var previous = _cache.State;
        _client.ServeState("ream_0", _chain.State(100, fork: true));
        _client.ServeState("qlean_0", _chain.State(100, fork: true));
        _client.ServeState("zeam_0", _chain.State(100, fork: true));

        var outcome = await downloader.DownloadAsync(_chain.Devnet(2, _time.GetUtcNow(), 100), CancellationToken.None);

        Assert.Equal(DownloadOutcome.AllFailed, outcome);
        Assert.Same(previous, _cache.State);
        Assert.Equal(96, _cache.Serving!.Slot);
    }

    [Fact]
    public async Task A_newer_state_that_descends_from_the_consensus_finalized_block_is_served_at_once()
    {
        // Finalization moved on during the round: the node now serves slot 101, the consensus said 96.
        _client.ServeState("ream_0", _chain.State(101));
        _client.ServeBlock("ream_0", _chain.Block(101));

        var outcome = await Downloader().DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);
        var behind = await Downloader().DownloadAsync(_chain.Devnet(2, _time.GetUtcNow(), 98), CancellationToken.None);

        Assert.Equal(DownloadOutcome.Cached, outcome);
        Assert.Equal(101, _cache.Serving!.Slot);
        Assert.Equal(_chain.Root(101), _cache.Serving.Root);
        Assert.True(_cache.Serving.HasBlock);
        Assert.Equal(DownloadOutcome.NothingToDo, behind);
        Assert.Single(_client.StateCalls);
    }

    [Fact]
    public async Task A_newer_state_of_another_chain_is_refused_with_what_it_records()
    {
        foreach (var name in new[] { "zeam_0", "ream_0", "qlean_0" })
        {
            _client.ServeState(name, _chain.State(101, fork: true));
        }

        var outcome = await Downloader().DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);

        Assert.Equal(DownloadOutcome.AllFailed, outcome);
        Assert.Null(_cache.State);
        Assert.StartsWith($"checkpoint state does not match finalized root {_chain.Root(96)}: hash_tree_root ", _rejections.LastError("ream_0"), StringComparison.Ordinal);
        Assert.EndsWith($"records {_chain.Root(96, fork: true)} at slot 96", _rejections.LastError("ream_0"), StringComparison.Ordinal);
        Assert.Equal(3, _statistics.Count(CheckpointSyncStatistics.Mismatch));
    }

    [Fact]
    public async Task Nothing_is_downloaded_without_consensus_or_when_the_target_is_already_served()
    {
        _client.ServeState("ream_0", _chain.State(96));
        var split = TestSnapshots.Round(1, TestSnapshots.Start, _chain.Healthy("zeam_0", 96), _chain.Healthy("ream_0", 92));
        var downloader = Downloader();

        var withoutConsensus = await downloader.DownloadAsync(split, CancellationToken.None);
        await downloader.DownloadAsync(_chain.Devnet(2, _time.GetUtcNow(), 96), CancellationToken.None);
        var again = await downloader.DownloadAsync(_chain.Devnet(3, _time.GetUtcNow(), 96), CancellationToken.None);

        Assert.Equal(DownloadOutcome.NothingToDo, withoutConsensus);
        Assert.Equal(DownloadOutcome.NothingToDo, again);
        Assert.Single(_client.StateCalls);
    }

    [Fact]
    public async Task The_block_is_left_out_when_no_majority_node_serves_it()
    {
        _client.ServeState("ream_0", _chain.State(96));

        await Downloader().DownloadAsync(_chain.Devnet(1, _time.GetUtcNow(), 96), CancellationToken.None);

        Assert.NotNull(_cache.State);
        Assert.Null(_cache.Block);
        Assert.False(_cache.Serving!.HasBlock);
        Assert.Equal(FinalizedStateDownloader.MaxBlockAttempts, _client.BlockCalls.Count);
    }

    private static string StateRootOf(byte[] state)
    {
        Assert.True(UpstreamMonitor.Ssz.Forks.Lstar.TryReadState(state, out var summary, out var error), error);
        return summary!.Root;
    }

    private FinalizedStateDownloader Downloader(long maxStateBytes = 64L * 1024 * 1024) => new(
        _client,
        new UpstreamMonitor.Consensus.DefaultConsensusRule(),
        _cache,
        _statistics,
        _rejections,
        Options.Create(new CheckpointSyncOptions { MaxStateBytes = maxStateBytes }),
        _time,
        _logger);
}

/// <summary>Keeps every formatted log message, to assert what an operator would read.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _messages.Enqueue(formatter(state, exception));
}
