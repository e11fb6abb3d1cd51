using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.CheckpointSync;

/// <summary>
/// Finality moving back (decision 0903): the last verified pair keeps serving until a verified pair of the new, lower
/// finalized view exists, then both routes switch to it; without the flag a lower consensus changes nothing.
/// </summary>
public sealed class FinalityRegressionDownloadTests
{
    private static readonly string[] Nodes = ["zeam_0", "ream_0", "qlean_0"];

    private readonly VerifiedChain _chain = new();
    private readonly FakeLeanApiClient _client = new();
    private readonly FinalizedStateCache _cache = new();
    private readonly CheckpointSyncStatistics _statistics = new();
    private readonly DefaultCheckpointRejectionSink _rejections = new();
    private readonly FakeTimeProvider _time = new(TestSnapshots.Start);

    [Fact]
    public async Task The_old_pair_keeps_serving_until_a_pair_of_the_new_finalized_root_verifies_then_both_routes_switch()
    {
        var downloader = Downloader();
        ServeEverywhere(_chain.State(101));
        await downloader.DownloadAsync(Round(1, 101), CancellationToken.None);
        var old = _cache.Serving;

        // A reorg moved the majority's finality back to slot 96 of another branch; the nodes still serve their old state.
        var flagged = Regressed(Round(2, 96, fork: true), from: 101);
        var whileOld = await downloader.DownloadAsync(flagged, CancellationToken.None);
        var servedWhileOld = _cache.Serving;
        var rejectedWhileOld = _rejections.LastError("ream_0");

        // Next round the nodes serve the new finalized state: it verifies against the new root and replaces the old pair.
        ServeEverywhere(_chain.State(96, fork: true));
        var stillFlagged = Regressed(Round(3, 96, fork: true), from: 101, steppedBackAt: flagged.Status.Regression!.LatestStepAt);
        var switched = await downloader.DownloadAsync(stillFlagged, CancellationToken.None);
        var calls = _client.StateCalls.Count;
        var again = await downloader.DownloadAsync(Regressed(Round(4, 96, fork: true), from: 101, steppedBackAt: flagged.Status.Regression.LatestStepAt), CancellationToken.None);

        Assert.Equal(101, old!.Slot);
        Assert.Equal(DownloadOutcome.AllFailed, whileOld);
        Assert.Same(old, servedWhileOld);
        Assert.StartsWith($"checkpoint state does not match finalized root {_chain.Root(96, fork: true)}", rejectedWhileOld, StringComparison.Ordinal);

        Assert.Equal(DownloadOutcome.Cached, switched);
        Assert.Equal((96L, _chain.Root(96, fork: true)), (_cache.Serving!.Slot, _cache.Serving.Root));
        Assert.Equal((96L, _chain.Root(96, fork: true)), (_cache.State!.Slot, _cache.State.Root));
        Assert.Equal(stillFlagged.Status.LastUpdated, _cache.Serving.VouchedAsOf);
        Assert.False(_cache.Serving.IsOfLeftView(stillFlagged.Status.Regression));

        // The new view's pair is not downloaded again while the flag stays.
        Assert.Equal(DownloadOutcome.NothingToDo, again);
        Assert.Equal(calls, _client.StateCalls.Count);
    }

    [Fact]
    public async Task On_the_same_chain_the_pair_steps_down_to_the_lower_finalized_root_only_when_flagged()
    {
        var downloader = Downloader();
        ServeEverywhere(_chain.State(101));
        await downloader.DownloadAsync(Round(1, 101), CancellationToken.None);
        ServeEverywhere(_chain.State(96));

        // A lower consensus without the flag is a lagging round: the served pair stays and nobody is asked.
        var lagging = await downloader.DownloadAsync(Round(2, 96), CancellationToken.None);
        var callsWhileLagging = _client.StateCalls.Count;
        var flagged = await downloader.DownloadAsync(Regressed(Round(3, 96), from: 101), CancellationToken.None);

        Assert.Equal(DownloadOutcome.NothingToDo, lagging);
        Assert.Equal(1, callsWhileLagging);
        Assert.Equal(DownloadOutcome.Cached, flagged);
        Assert.Equal((96L, _chain.Root(96), _chain.StateRoot(96)), (_cache.Serving!.Slot, _cache.Serving.Root, _cache.Serving.StateRoot));
    }

    [Fact]
    public async Task A_pair_of_the_left_view_is_never_replaced_by_an_unverified_one()
    {
        var downloader = Downloader();
        ServeEverywhere(_chain.State(101));
        await downloader.DownloadAsync(Round(1, 101), CancellationToken.None);
        var old = _cache.State;
        var state = _chain.State(96, fork: true);
        ServeEverywhere(state[..(state.Length / 2)]);

        var outcome = await downloader.DownloadAsync(Regressed(Round(2, 96, fork: true), from: 101), CancellationToken.None);

        Assert.Equal(DownloadOutcome.AllFailed, outcome);
        Assert.Same(old, _cache.State);
        Assert.Equal(3, _statistics.Count(CheckpointSyncStatistics.Invalid));
    }

    private void ServeEverywhere(byte[] state)
    {
        foreach (var node in Nodes)
        {
            _client.ServeState(node, state);
        }
    }

    /// <summary>A round <paramref name="round"/> seconds in, its three nodes finalized at <paramref name="finalized"/>.</summary>
    private MonitorSnapshot Round(long round, long finalized, bool fork = false)
    {
        _time.SetUtcNow(TestSnapshots.Start.AddSeconds(round * 4));
        var root = _chain.Root(finalized, fork);
        return TestSnapshots.Round(
            round,
            _time.GetUtcNow(),
            _chain.Healthy("zeam_0", finalized, round, 30, finalizedRoot: root),
            _chain.Healthy("ream_0", finalized, round, 10, finalizedRoot: root),
            _chain.Healthy("qlean_0", finalized, round, 20, finalizedRoot: root));
    }

    /// <summary>What the tracker publishes while finality is moved back from <paramref name="from"/>.</summary>
    private MonitorSnapshot Regressed(MonitorSnapshot snapshot, long from, DateTimeOffset? steppedBackAt = null)
    {
        var at = snapshot.Status.LastUpdated!.Value;
        var finalized = snapshot.Consensus.Finalized!;
        return snapshot with
        {
            Status = snapshot.Status with
            {
                FinalityRegressions = 1,
                Regression = new FinalityRegression(from, _chain.Root(from), finalized.Slot, finalized.Root, steppedBackAt ?? at, steppedBackAt ?? at),
            },
        };
    }

    private FinalizedStateDownloader Downloader() => new(
        _client,
        new DefaultConsensusRule(),
        _cache,
        _statistics,
        _rejections,
        Options.Create(new CheckpointSyncOptions()),
        _time,
        new RecordingLogger<FinalizedStateDownloader>());
}
