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
        var report = new ChildReport();

        // The rig's own floor first (same nodes, same C, raw sockets), its sockets closed before the monitor connects.
        var rounds = ChildEnvironment.Int(ChildEnvironment.Rounds, 4);
        report.Metrics["floor_round_ms"] = await RawExchangeFloor.MedianWarmRoundAsync(upstreams, settings.PollConcurrency, rounds, time, cancellationToken).ConfigureAwait(false);

        await using var monitor = MonitorRig.Create(upstreams, settings);

        // Round 1 opens every connection and asks each node's aggregator flag too: reported apart, never in the median.
        var cold = time.GetTimestamp();
        var first = await monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);
        report.Metrics["cold_round_ms"] = time.GetElapsedTime(cold).TotalMilliseconds;
        report.Metrics["cold_failed"] = first.Failed + first.Abandoned + first.Skipped;

        var failed = 0;
        var afterRound = new List<double>(rounds);
        var pausedBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        await using (var sampler = new PeakSampler(time, TimeSpan.FromMilliseconds(20)))
        {
            for (var i = 0; i < rounds; i++)
            {
                var started = time.GetTimestamp();
                var round = await monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);
                var elapsed = time.GetElapsedTime(started);
                report.RoundsMs.Add(elapsed.TotalMilliseconds);

                // What the engine does once the round's window has closed: registry, consensus, the snapshot for every surface.
                afterRound.Add((elapsed - round.Duration).TotalMilliseconds);
                failed = Math.Max(failed, round.Failed + round.Abandoned + round.Skipped);
            }

            // Per warm round: what the collector paused the process for, and what the rounds allocated.
            report.Metrics["gc_pause_ms_per_round"] = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds / rounds;
            report.Metrics["allocated_bytes_per_round"] = (GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / (double)rounds;
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
        report.Metrics["after_round_ms"] = SampleSummary.Of(afterRound).Median;
        report.Metrics["upstreams"] = upstreams.Count;
        return report;
    }
}
