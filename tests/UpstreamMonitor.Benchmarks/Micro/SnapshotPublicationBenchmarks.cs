using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Micro;

/// <summary>
/// Publishing a 1000-upstream snapshot to the store: to three observer lanes (API events, metrics, one more), each
/// drained on its own loop as the host runs them, and, for comparison, to three event handlers on the poller's thread.
/// </summary>
[MemoryDiagnoser]
public class SnapshotPublicationBenchmarks
{
    private ServiceProvider _services = null!;
    private IHostedService _host = null!;
    private MonitorSnapshotStore _lanes = null!;
    private MonitorSnapshotStore _handlers = null!;
    private MonitorSnapshot _snapshot = null!;
    private long _seen;

    [Params(1000)]
    public int Upstreams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        collection.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        collection.AddSingleton(Options.Create(new CheckpointSyncOptions()));
        collection.AddSingleton(Options.Create(new ConsensusOptions()));
        collection.AddSnapshotObserver<CountingObserver<Api>>();
        collection.AddSnapshotObserver<CountingObserver<Metrics>>();
        collection.AddSnapshotObserver<CountingObserver<History>>();
        collection.AddSingleton<MonitorSnapshotStore>();
        _services = collection.BuildServiceProvider();
        _host = _services.GetServices<IHostedService>().Single();
        _host.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _lanes = _services.GetRequiredService<MonitorSnapshotStore>();

        _handlers = new MonitorSnapshotStore(Options.Create(new CheckpointSyncOptions()), Options.Create(new ConsensusOptions()), NullLogger<MonitorSnapshotStore>.Instance);
        for (var i = 0; i < 3; i++)
        {
            _handlers.Published += s => Interlocked.Exchange(ref _seen, s.Version);
        }

        var rows = Enumerable.Range(0, Upstreams).Select(i => new UpstreamStatus
        {
            Definition = UpstreamDefinition.Create($"zeam_{i}", new Uri($"http://127.0.0.1:{20000 + i}")),
            State = UpstreamPollState.Ok,
            Healthy = true,
            Chain = new ChainCheckpoints(new ObservedCheckpoint(100, null), default, new ObservedCheckpoint(96, null)),
        }).ToArray();
        _snapshot = MonitorSnapshot.Empty(TimeSpan.FromSeconds(30)) with { Version = 1, Upstreams = rows };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _services.Dispose();
    }

    [Benchmark(Description = "publish snapshot (1000 upstreams, 3 observer lanes)")]
    public long PublishToLanes()
    {
        _lanes.Publish(_snapshot);
        return _snapshot.Version;
    }

    [Benchmark(Description = "publish snapshot (1000 upstreams, 3 event handlers)")]
    public long Publish()
    {
        _handlers.Publish(_snapshot);
        return Interlocked.Read(ref _seen);
    }

    internal sealed class CountingObserver<TLane> : ISnapshotObserver
    {
        private long _seen;

        public ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _seen, snapshot.Version);
            return ValueTask.CompletedTask;
        }
    }

    internal readonly struct Api;

    internal readonly struct Metrics;

    internal readonly struct History;
}
