using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Http;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.CheckpointSync;

public sealed class FinalizedStateDownloaderTests
{
    private readonly FakeLeanApiClient _client = new();
    private readonly FinalizedStateCache _cache = new();
    private readonly CheckpointSyncStatistics _statistics = new();
    private readonly RecordingLogger<FinalizedStateDownloader> _logger = new();

    [Fact]
    public async Task The_fastest_majority_upstream_is_asked_first_and_its_bytes_are_cached_unchanged()
    {
        var state = SszStates.State(36, length: 5000);
        _client.ServeState("ream_0", state);
        _client.ServeBlock("ream_0", SszStates.Block(36));

        var outcome = await Downloader().DownloadAsync(TestSnapshots.Devnet(1, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.Equal(DownloadOutcome.Cached, outcome);
        Assert.Equal(["ream_0"], _client.StateCalls);
        Assert.Equal(state, _cache.State!.Bytes);
        Assert.Equal(36, _cache.State.Slot);
        Assert.Equal(TestSnapshots.Root(36), _cache.State.Root);
        Assert.Equal("ream_0", _cache.State.Upstream);
        Assert.NotNull(_cache.Block);
        Assert.Equal(1, _statistics.Count(CheckpointSyncStatistics.Ok));
    }

    [Fact]
    public async Task The_configured_maximum_bounds_every_download()
    {
        _client.ServeState("ream_0", SszStates.State(36));

        await Downloader(maxStateBytes: 1_000_000).DownloadAsync(TestSnapshots.Devnet(1, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.Equal([1_000_000L], _client.MaxBytesSeen);
    }

    [Fact]
    public async Task A_failing_or_invalid_upstream_is_logged_by_name_and_the_next_majority_upstream_is_tried()
    {
        _client.FailState("ream_0", LeanApiErrorKind.TooLarge, "state exceeds 67108864 bytes");
        _client.ServeState("qlean_0", SszStates.State(36, firstOffset: 12));
        _client.ServeState("zeam_0", SszStates.State(36));

        var outcome = await Downloader().DownloadAsync(TestSnapshots.Devnet(1, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.Equal(DownloadOutcome.Cached, outcome);
        Assert.Equal(["ream_0", "qlean_0", "zeam_0"], _client.StateCalls);
        Assert.Equal("zeam_0", _cache.State!.Upstream);
        Assert.Contains(_logger.Messages, m => m.Contains("ream_0", StringComparison.Ordinal) && m.Contains("exceeds", StringComparison.Ordinal));
        Assert.Contains(_logger.Messages, m => m.Contains("qlean_0", StringComparison.Ordinal) && m.Contains("failed validation", StringComparison.Ordinal));
        Assert.Equal(1, _statistics.Count(CheckpointSyncStatistics.TooLarge));
        Assert.Equal(1, _statistics.Count(CheckpointSyncStatistics.Invalid));
    }

    [Fact]
    public async Task Upstreams_outside_the_majority_are_never_asked()
    {
        var snapshot = TestSnapshots.Round(
            1,
            TestSnapshots.Start,
            TestSnapshots.Healthy("zeam_0", 44, 40, 36, latencyMs: 50),
            TestSnapshots.Healthy("ream_0", 44, 40, 36, latencyMs: 40),
            TestSnapshots.Healthy("gean_0", 44, 40, 36, latencyMs: 1, finalizedRootId: 999));
        _client.ServeState("gean_0", SszStates.State(36));

        var outcome = await Downloader().DownloadAsync(snapshot, CancellationToken.None);

        Assert.Equal(DownloadOutcome.AllFailed, outcome);
        Assert.Equal(["ream_0", "zeam_0"], _client.StateCalls);
        Assert.Null(_cache.State);
    }

    [Fact]
    public async Task The_previous_state_stays_cached_until_a_new_one_validates()
    {
        var old = SszStates.State(32);
        _client.ServeState("ream_0", old);
        await Downloader().DownloadAsync(TestSnapshots.Devnet(1, TestSnapshots.Start, finalized: 32), CancellationToken.None);
        _client.ServeState("ream_0", SszStates.State(31));
        _client.ServeState("qlean_0", SszStates.State(36, length: 100));
        _client.FailState("zeam_0", LeanApiErrorKind.HttpStatus, "HTTP 503", 503);

        var outcome = await Downloader().DownloadAsync(TestSnapshots.Devnet(2, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.Equal(DownloadOutcome.AllFailed, outcome);
        Assert.Same(old, _cache.State!.Bytes);
        Assert.Equal(32, _cache.State.Slot);
    }

    [Fact]
    public async Task A_state_newer_than_the_target_stops_the_pass_instead_of_asking_every_upstream()
    {
        foreach (var name in new[] { "zeam_0", "ream_0", "qlean_0" })
        {
            _client.ServeState(name, SszStates.State(40));
        }

        var outcome = await Downloader().DownloadAsync(TestSnapshots.Devnet(1, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.Equal(DownloadOutcome.MovedOn, outcome);
        Assert.Single(_client.StateCalls);
        Assert.Null(_cache.State);
        Assert.Equal(1, _statistics.Count(CheckpointSyncStatistics.MovedOn));
    }

    [Fact]
    public async Task A_newer_state_its_node_vouches_for_is_cached_and_kept_until_the_consensus_passes_it()
    {
        // Consensus finalized 36, justified 40; ream_0 (fastest) has finalized 38 since the round.
        _client.ServeState("ream_0", SszStates.State(38));
        _client.ServeForkChoice("ream_0", VouchingForkChoice(38));
        var downloader = Downloader();

        var outcome = await downloader.DownloadAsync(TestSnapshots.Devnet(1, TestSnapshots.Start, finalized: 36), CancellationToken.None);
        var sameConsensus = await downloader.DownloadAsync(TestSnapshots.Devnet(2, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.Equal(DownloadOutcome.Cached, outcome);
        Assert.Equal(DownloadOutcome.NothingToDo, sameConsensus);
        Assert.Equal(38, _cache.State!.Slot);
        Assert.Equal(TestSnapshots.Root(38), _cache.State.Root);
        Assert.Equal(["ream_0"], _client.StateCalls);
    }

    [Fact]
    public async Task A_newer_state_past_the_majoritys_justified_slot_is_not_accepted_even_when_vouched_for()
    {
        _client.ServeState("ream_0", SszStates.State(44));
        _client.ServeForkChoice("ream_0", VouchingForkChoice(44));

        var outcome = await Downloader().DownloadAsync(TestSnapshots.Devnet(1, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.Equal(DownloadOutcome.MovedOn, outcome);
        Assert.Null(_cache.State);
    }

    private static ForkChoiceSnapshot VouchingForkChoice(int finalizedSlot) => new(
        TestSnapshots.Root(finalizedSlot + 8),
        finalizedSlot + 8,
        new Checkpoint(finalizedSlot + 4, TestSnapshots.Root(finalizedSlot + 4)),
        new Checkpoint(finalizedSlot, TestSnapshots.Root(finalizedSlot)),
        null,
        3,
        9);

    [Fact]
    public async Task Nothing_is_downloaded_without_consensus_or_when_the_target_is_already_cached()
    {
        _client.ServeState("ream_0", SszStates.State(36));
        var split = TestSnapshots.Round(
            1,
            TestSnapshots.Start,
            TestSnapshots.Healthy("zeam_0", 44, 40, 36),
            TestSnapshots.Healthy("ream_0", 44, 40, 32));
        var downloader = Downloader();

        var withoutConsensus = await downloader.DownloadAsync(split, CancellationToken.None);
        await downloader.DownloadAsync(TestSnapshots.Devnet(2, TestSnapshots.Start, finalized: 36), CancellationToken.None);
        var again = await downloader.DownloadAsync(TestSnapshots.Devnet(3, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.Equal(DownloadOutcome.NothingToDo, withoutConsensus);
        Assert.Equal(DownloadOutcome.NothingToDo, again);
        Assert.Single(_client.StateCalls);
    }

    [Fact]
    public async Task The_block_is_left_out_when_no_majority_node_serves_it()
    {
        _client.ServeState("ream_0", SszStates.State(36));

        await Downloader().DownloadAsync(TestSnapshots.Devnet(1, TestSnapshots.Start, finalized: 36), CancellationToken.None);

        Assert.NotNull(_cache.State);
        Assert.Null(_cache.Block);
        Assert.Equal(FinalizedStateDownloader.MaxBlockAttempts, _client.BlockCalls.Count);
    }

    private FinalizedStateDownloader Downloader(long maxStateBytes = 64L * 1024 * 1024) => new(
        _client,
        new UpstreamMonitor.Consensus.DefaultConsensusRule(),
        _cache,
        _statistics,
        Options.Create(new CheckpointSyncOptions { MaxStateBytes = maxStateBytes }),
        TimeProvider.System,
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
