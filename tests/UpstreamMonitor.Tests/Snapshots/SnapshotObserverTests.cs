using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Polling.Support;

namespace UpstreamMonitor.Tests.Snapshots;

public sealed class SnapshotObserverTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger<SnapshotObservers> _lanesLog = new();
    private ServiceProvider? _provider;
    private IHostedService? _host;

    [Fact]
    public async Task A_throwing_and_a_blocked_observer_delay_neither_publication_nor_the_other_observers()
    {
        var store = await StartAsync(s => s
            .AddSnapshotObserver<ThrowingObserver>()
            .AddSnapshotObserver<BlockedObserver>()
            .AddSnapshotObserver<RecordingObserver>());
        var blocked = Observer<BlockedObserver>();

        for (var version = 1; version <= 5; version++)
        {
            // Publish returns while one observer is stuck inside its first snapshot and another throws on each.
            store.Publish(Snapshot(version));
        }

        await ObserverLanes.UntilAsync(() => Observer<RecordingObserver>().Versions.Count == 5 && Lane<ThrowingObserver>().Failed == 5);
        Assert.Equal([1L, 2, 3, 4, 5], Observer<RecordingObserver>().Versions);
        Assert.Equal(1, blocked.Entered);
        Assert.Equal(0, Lane<BlockedObserver>().Delivered);
        Assert.Equal(5, Lane<ThrowingObserver>().Delivered);
        Assert.Equal(5, _lanesLog.At(LogLevel.Warning).Count(m => m.Contains(nameof(ThrowingObserver), StringComparison.Ordinal)));

        blocked.Release.SetResult();
        await ObserverLanes.UntilAsync(() => Lane<BlockedObserver>().Delivered == 5);
        Assert.Equal(5, Lane<BlockedObserver>().LastVersion);
    }

    [Fact]
    public async Task A_full_lane_drops_its_oldest_counts_them_and_warns_at_most_once_a_minute()
    {
        var store = await StartAsync(s => s.AddSnapshotObserver<BlockedObserver>(capacity: 2));
        var blocked = Observer<BlockedObserver>();
        store.Publish(Snapshot(1));
        await ObserverLanes.UntilAsync(() => blocked.Entered == 1);

        for (var version = 2; version <= 10; version++)
        {
            store.Publish(Snapshot(version));
        }

        // Version 1 is with the observer; the lane keeps the newest two (9, 10) of the nine queued since.
        Assert.Equal(7, Lane<BlockedObserver>().Dropped);
        var warning = Assert.Single(_lanesLog.At(LogLevel.Warning));
        Assert.Contains("fell behind", warning, StringComparison.Ordinal);

        store.Publish(Snapshot(11));
        Assert.Single(_lanesLog.At(LogLevel.Warning));
        _time.Advance(SnapshotObserverLane.DropWarningInterval);
        store.Publish(Snapshot(12));
        Assert.Equal(2, _lanesLog.At(LogLevel.Warning).Count);
        Assert.Contains("8 snapshots dropped since the last warning (9 in all", _lanesLog.At(LogLevel.Warning)[1], StringComparison.Ordinal);

        blocked.Release.SetResult();
        await ObserverLanes.UntilAsync(() => Lane<BlockedObserver>().LastVersion == 12);
        Assert.Equal([1L, 11, 12], blocked.Versions);
    }

    [Fact]
    public async Task Each_observer_sees_every_snapshot_in_publication_order()
    {
        var store = await StartAsync(s => s.AddSnapshotObserver<RecordingObserver>(capacity: 1000).AddSnapshotObserver<SlowObserver>(capacity: 1000));

        for (var version = 1; version <= 500; version++)
        {
            store.Publish(Snapshot(version));
        }

        await ObserverLanes.UntilAsync(() => Lane<RecordingObserver>().Delivered == 500 && Lane<SlowObserver>().Delivered == 500);
        Assert.Equal(Enumerable.Range(1, 500).Select(v => (long)v), Observer<RecordingObserver>().Versions);
        Assert.Equal(Enumerable.Range(1, 500).Select(v => (long)v), Observer<SlowObserver>().Versions);
        Assert.Equal(0, Lane<RecordingObserver>().Dropped);
    }

    [Fact]
    public async Task Stopping_ends_every_loop_and_abandons_an_observer_that_ignores_cancellation()
    {
        var store = await StartAsync(s => s.AddSnapshotObserver<BlockedObserver>().AddSnapshotObserver<RecordingObserver>());
        store.Publish(Snapshot(1));
        await ObserverLanes.UntilAsync(() => Observer<BlockedObserver>().Entered == 1 && Lane<RecordingObserver>().Delivered == 1);

        using var shutdownTimeout = new CancellationTokenSource();
        var stopping = _host!.StopAsync(shutdownTimeout.Token);
        Assert.False(stopping.IsCompleted);
        await shutdownTimeout.CancelAsync();
        await stopping;

        // After stopping, publication still returns at once; nothing is delivered any more.
        store.Publish(Snapshot(2));
        Assert.Equal(1, Lane<RecordingObserver>().Delivered);
        _host = null;
    }

    [Fact]
    public async Task An_observer_that_honours_cancellation_stops_with_the_host_and_the_queue_is_left()
    {
        var store = await StartAsync(s => s.AddSnapshotObserver<CancellableObserver>());
        store.Publish(Snapshot(1));
        await ObserverLanes.UntilAsync(() => Observer<CancellableObserver>().Entered == 1);
        store.Publish(Snapshot(2));
        store.Publish(Snapshot(3));

        // Snapshots still queued are not delivered after the stop: the loop ends instead of draining (or spinning).
        await _host!.StopAsync(CancellationToken.None);

        Assert.True(Observer<CancellableObserver>().Cancelled);
        Assert.Equal(1, Observer<CancellableObserver>().Entered);
        _host = null;
    }

    [Fact]
    public void A_lane_must_hold_at_least_one_snapshot()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddSnapshotObserver<RecordingObserver>(capacity: 0));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var blocked in _provider?.GetServices<BlockedObserver>() ?? [])
        {
            blocked.Release.TrySetResult();
        }

        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    private static MonitorSnapshot Snapshot(long version) => MonitorSnapshot.Empty(TimeSpan.FromSeconds(30)) with { Version = version };

    private async Task<MonitorSnapshotStore> StartAsync(Action<IServiceCollection> observers)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ILogger<SnapshotObservers>>(_lanesLog);
        services.AddSingleton(Options.Create(new CheckpointSyncOptions()));
        services.AddSingleton(Options.Create(new ConsensusOptions()));
        services.AddSingleton<MonitorSnapshotStore>();
        observers(services);
        _provider = services.BuildServiceProvider();
        _host = _provider.GetServices<IHostedService>().Single();
        await _host.StartAsync(CancellationToken.None);
        return _provider.GetRequiredService<MonitorSnapshotStore>();
    }

    private T Observer<T>()
        where T : notnull => _provider!.GetRequiredService<T>();

    private SnapshotObserverLane Lane<T>() =>
        _provider!.GetRequiredService<SnapshotObservers>().Lanes.Single(l => l.Registration.ObserverType == typeof(T));

    private sealed class RecordingObserver : ISnapshotObserver
    {
        public ConcurrentQueue<long> Versions { get; } = new();

        public ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
        {
            Versions.Enqueue(snapshot.Version);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SlowObserver : ISnapshotObserver
    {
        public ConcurrentQueue<long> Versions { get; } = new();

        public async ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Versions.Enqueue(snapshot.Version);
        }
    }

    private sealed class ThrowingObserver : ISnapshotObserver
    {
        public ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"observer broke on {snapshot.Version}");
    }

    /// <summary>Blocks inside its first snapshot until released, ignoring cancellation (the worst case).</summary>
    private sealed class BlockedObserver : ISnapshotObserver
    {
        private int _entered;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<long> Versions { get; } = new();

        public int Entered => Volatile.Read(ref _entered);

        public async ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _entered);
            Versions.Enqueue(snapshot.Version);
            await Release.Task;
        }
    }

    private sealed class CancellableObserver : ISnapshotObserver
    {
        private int _entered;

        public int Entered => Volatile.Read(ref _entered);

        public bool Cancelled { get; private set; }

        public async ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _entered);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }
        }
    }
}
