using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Snapshots;

public sealed class MonitorSnapshotStoreTests
{
    private static MonitorSnapshotStore CreateStore() =>
        new(Options.Create(new CheckpointSyncOptions { StaleMs = 1_000 }), Options.Create(new ConsensusOptions()), NullLogger<MonitorSnapshotStore>.Instance);

    [Fact]
    public void Starts_with_an_empty_stale_snapshot()
    {
        var store = CreateStore();

        Assert.Equal(0, store.Current.Version);
        Assert.Empty(store.Current.Upstreams);
        Assert.True(store.Current.IsStale(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_failing_subscriber_does_not_stop_the_others()
    {
        var store = CreateStore();
        MonitorSnapshot? seen = null;
        store.Published += _ => throw new InvalidOperationException("boom");
        store.Published += s => seen = s;
        var next = store.Current with { Version = 7 };

        store.Publish(next);

        Assert.Same(next, store.Current);
        Assert.Same(next, seen);
    }

    [Fact]
    public void Stale_compares_the_last_success_with_the_threshold()
    {
        var success = DateTimeOffset.UnixEpoch.AddHours(1);
        var status = MonitorStatus.Initial with { LastSuccess = success };

        Assert.False(status.IsStale(success.AddMilliseconds(1_000), TimeSpan.FromSeconds(1)));
        Assert.True(status.IsStale(success.AddMilliseconds(1_001), TimeSpan.FromSeconds(1)));
    }
}
