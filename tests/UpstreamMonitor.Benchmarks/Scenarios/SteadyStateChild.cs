using System.Threading.Channels;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>
/// The steady-state scenario's measured part, in a child process per GC mode: the whole host polling back to back
/// for many rounds; after each checkpoint the retained footprint is read (after a full collection, so the heap
/// figure is what is live, not what the GC has yet to sweep) with the GC's, RSS's and descriptors' breakdown.
/// </summary>
internal static class SteadyStateChild
{
    public static async Task<ChildReport> RunAsync(TextWriter stdout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var time = TimeProvider.System;
        var upstreams = UpstreamListFile.ReadFromEnvironment();
        var rounds = ChildEnvironment.Int(ChildEnvironment.Rounds, 500);
        var checkpointEvery = Math.Max(1, ChildEnvironment.Int(SteadyStateScenario.CheckpointEveryVariable, rounds / 10));
        var settings = new MonitorRigSettings
        {
            PollConcurrency = ChildEnvironment.Int(ChildEnvironment.Concurrency, 64),
            TimeoutMs = ChildEnvironment.Int(ChildEnvironment.TimeoutMs, 2_000),
            PollMs = ChildEnvironment.Int(ChildEnvironment.PollMs, 50),
        };
        await using var monitor = MonitorRig.Create(upstreams, settings);
        var published = Channel.CreateUnbounded<RoundStatistics>(new UnboundedChannelOptions { SingleReader = true });
        monitor.Snapshots.Published += snapshot =>
        {
            if (snapshot.LastRound is { } round)
            {
                published.Writer.TryWrite(round);
            }
        };

        var report = new ChildReport();
        var started = time.GetTimestamp();

        // A time limit keeps the suite's length bounded on a slow or busy machine; the rounds reached are reported.
        var limit = TimeSpan.FromMilliseconds(ChildEnvironment.Int(ChildEnvironment.TimeLimitMs, int.MaxValue));
        await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var round in published.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var outOfTime = time.GetElapsedTime(started) >= limit;
            report.RoundsMs.Add(round.Duration.TotalMilliseconds);
            if (round.Number % checkpointEvery == 0 || round.Number >= rounds || outOfTime)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var sample = FootprintSample.Capture(round.Number);
                report.Footprints.Add(sample);
                var checkpoint = MemoryCheckpoint.Capture(sample.Round, sample.Threads, sample.ResidentBytes);
                report.Checkpoints.Add(checkpoint);
                await stdout.WriteLineAsync(checkpoint.Describe()).ConfigureAwait(false);
            }

            if (round.Number >= rounds || outOfTime)
            {
                break;
            }
        }

        report.Metrics["elapsed_ms"] = time.GetElapsedTime(started).TotalMilliseconds;
        report.Metrics["gen0"] = GC.CollectionCount(0);
        report.Metrics["gen1"] = GC.CollectionCount(1);
        report.Metrics["gen2"] = GC.CollectionCount(2);
        report.Metrics["gc_pause_ms"] = GC.GetTotalPauseDuration().TotalMilliseconds;
        return report;
    }
}
