using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scale;

/// <summary>
/// The measured part of the scale scenario, in a child process per N: a cold round, warm rounds through the product's
/// engine, then the footprint those rounds left (threads, descriptors, heap after a full collection, RSS).
/// </summary>
internal static class ScaleRoundsChild
{
    public static async Task<ChildReport> RunAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var upstreams = UpstreamListFile.ReadFromEnvironment();
        var settings = new MonitorRigSettings
        {
            PollConcurrency = ChildEnvironment.Int(ChildEnvironment.Concurrency, 256),
            TimeoutMs = ChildEnvironment.Int(ChildEnvironment.TimeoutMs, 5_000),
        };
        await using var monitor = MonitorRig.Create(upstreams, settings);
        var report = new ChildReport();

        // Round 1 opens every connection and asks each node's aggregator flag too: reported apart, never in the median.
        var cold = time.GetTimestamp();
        var first = await monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);
        report.Metrics["cold_round_ms"] = time.GetElapsedTime(cold).TotalMilliseconds;
        report.Metrics["cold_failed"] = first.Failed + first.Abandoned + first.Skipped;

        var rounds = ChildEnvironment.Int(ChildEnvironment.Rounds, 4);
        var failed = 0;
        await using (var sampler = new PeakSampler(time, TimeSpan.FromMilliseconds(20)))
        {
            for (var i = 0; i < rounds; i++)
            {
                var started = time.GetTimestamp();
                var round = await monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);
                report.RoundsMs.Add(time.GetElapsedTime(started).TotalMilliseconds);
                failed = Math.Max(failed, round.Failed + round.Abandoned + round.Skipped);
            }

            report.Metrics["peak_rss_bytes"] = sampler.PeakResidentBytes;
            report.Metrics["peak_managed_bytes"] = sampler.PeakManagedBytes;
        }

        // What stays once the rounds are over: a full collection first, so the heap is what is live.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var footprint = ProcessFootprint.Capture();
        report.Metrics["threads"] = footprint.Threads;
        report.Metrics["open_fds"] = footprint.OpenFileDescriptors;
        report.Metrics["managed_heap_bytes"] = footprint.ManagedHeapBytes;
        report.Metrics["rss_bytes"] = footprint.ResidentBytes;
        report.Metrics["warm_failed_max"] = failed;
        report.Metrics["upstreams"] = upstreams.Count;
        return report;
    }
}
