using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Micro;

/// <summary>Publishing a 1000-upstream snapshot to the store with three subscribers (API, metrics, dashboard).</summary>
[MemoryDiagnoser]
public class SnapshotPublicationBenchmarks
{
    private MonitorSnapshotStore _store = null!;
    private MonitorSnapshot _snapshot = null!;
    private long _seen;

    [Params(1000)]
    public int Upstreams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new MonitorSnapshotStore(Options.Create(new CheckpointSyncOptions()), Options.Create(new ConsensusOptions()), NullLogger<MonitorSnapshotStore>.Instance);
        for (var i = 0; i < 3; i++)
        {
            _store.Published += s => Interlocked.Exchange(ref _seen, s.Version);
        }

        var rows = Enumerable.Range(0, Upstreams).Select(i => new UpstreamStatus
        {
            Definition = UpstreamDefinition.Create($"zeam_{i}", new Uri($"http://127.0.0.1:{20000 + i}")),
            State = UpstreamPollState.Ok,
            Healthy = true,
            HeadSlot = 100,
            FinalizedSlot = 96,
        }).ToArray();
        _snapshot = MonitorSnapshot.Empty(TimeSpan.FromSeconds(30)) with { Version = 1, Upstreams = rows };
    }

    [Benchmark(Description = "publish snapshot (1000 upstreams, 3 subscribers)")]
    public long Publish()
    {
        _store.Publish(_snapshot);
        return Interlocked.Read(ref _seen);
    }
}
