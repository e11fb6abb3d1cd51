using System.Threading.Channels;
using UpstreamMonitor.Benchmarks.Load;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Benchmarks.Strategies;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.Driver;

/// <summary>
/// The measured parts that run in a child process: a process of their own means their memory, threads and GC mode are
/// theirs alone, not the simulated devnet's (which stays in the driver and counts the traffic).
/// </summary>
internal static class ChildEntryPoints
{
    public const string Strategy = "strategy";
    public const string SteadyState = "steady-state";
    public const string HostTransfer = "host-transfer";
    public const string OpenLoop = "open-loop";
    public const string ScaleRounds = "scale-rounds";

    public static async Task<int> RunAsync(string name, TextWriter stdout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ChildReport report;
        try
        {
            report = name switch
            {
                Strategy => await RunStrategyAsync(cancellationToken).ConfigureAwait(false),
                SteadyState => await Scenarios.SteadyStateChild.RunAsync(stdout, cancellationToken).ConfigureAwait(false),
                HostTransfer => await RunHostTransferAsync(cancellationToken).ConfigureAwait(false),
                OpenLoop => await OpenLoopChild.RunAsync(cancellationToken).ConfigureAwait(false),
                ScaleRounds => await Scale.ScaleRoundsChild.RunAsync(cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"Unknown child '{name}'.", nameof(name)),
            };
        }
        catch (ComponentMissingException ex)
        {
            report = new ChildReport { Missing = ex.Message };
        }

        await stdout.WriteLineAsync(ChildProcessLauncher.ResultMarker + (report with { GcMode = ProcessFootprint.GcMode() }).ToJson()).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Warm-up rounds, then measured rounds of one strategy with peaks sampled.</summary>
    private static async Task<ChildReport> RunStrategyAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var upstreams = UpstreamListFile.ReadFromEnvironment();
        var settings = new MonitorRigSettings
        {
            PollConcurrency = ChildEnvironment.Int(ChildEnvironment.Concurrency, 64),
            TimeoutMs = ChildEnvironment.Int(ChildEnvironment.TimeoutMs, 5_000),
        };
        await using var monitor = MonitorRig.Create(upstreams, settings);
        var maxState = ChildEnvironment.Long(ChildEnvironment.MaxStateBytes, 64L * 1024 * 1024);
        IPollStrategy strategy = ChildEnvironment.String(ChildEnvironment.Strategy) switch
        {
            "gated" => new GatedEngineStrategy(monitor),
            "sequential" => new SequentialPoller(monitor.Client),
            "unbounded" => new UnboundedFanOutPoller(monitor.Client),
            "leanpoint" => new FullStateFetcher(monitor.Client, settings.PollConcurrency, maxState),
            var other => throw new ArgumentException($"Unknown strategy '{other}'."),
        };

        var report = new ChildReport();
        for (var i = 0; i < ChildEnvironment.Int(ChildEnvironment.WarmupRounds, 1); i++)
        {
            var warmup = time.GetTimestamp();
            await strategy.RunRoundAsync(upstreams, cancellationToken).ConfigureAwait(false);
            report.Metrics.TryAdd("cold_round_ms", time.GetElapsedTime(warmup).TotalMilliseconds);
        }

        var baseline = ProcessFootprint.Capture();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var rounds = ChildEnvironment.Int(ChildEnvironment.Rounds, 3);
        StrategyRound last = new(0, 0);
        await using (var sampler = new PeakSampler(time, TimeSpan.FromMilliseconds(10)))
        {
            for (var i = 0; i < rounds; i++)
            {
                var started = time.GetTimestamp();
                last = await strategy.RunRoundAsync(upstreams, cancellationToken).ConfigureAwait(false);
                report.RoundsMs.Add(time.GetElapsedTime(started).TotalMilliseconds);
            }

            report.Metrics["peak_rss_bytes"] = sampler.PeakResidentBytes;
            report.Metrics["peak_managed_bytes"] = sampler.PeakManagedBytes;
        }

        report.Metrics["allocated_bytes_per_round"] = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)Math.Max(1, rounds);
        report.Metrics["baseline_rss_bytes"] = baseline.ResidentBytes;
        report.Metrics["baseline_managed_bytes"] = baseline.ManagedHeapBytes;
        report.Metrics["succeeded"] = last.Succeeded;
        report.Metrics["failed"] = last.Failed;
        return report;
    }

    /// <summary>
    /// The whole host polling at its interval for a number of rounds, its checkpoint-sync cache downloading the
    /// consensus finalized state as finalization advances; the devnet in the parent counts what was sent.
    /// </summary>
    private static async Task<ChildReport> RunHostTransferAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var upstreams = UpstreamListFile.ReadFromEnvironment();
        var rounds = ChildEnvironment.Int(ChildEnvironment.Rounds, 10);
        var settings = new MonitorRigSettings
        {
            PollConcurrency = ChildEnvironment.Int(ChildEnvironment.Concurrency, 64),
            TimeoutMs = ChildEnvironment.Int(ChildEnvironment.TimeoutMs, 5_000),
            PollMs = ChildEnvironment.Int(ChildEnvironment.PollMs, 1_000),
        };
        await using var monitor = MonitorRig.Create(upstreams, settings);
        var published = Channel.CreateUnbounded<MonitorSnapshot>(new UnboundedChannelOptions { SingleReader = true });
        monitor.Snapshots.Published += snapshot => published.Writer.TryWrite(snapshot);

        var report = new ChildReport();
        long lastFinalized = -1, finalizations = 0;
        await using (var sampler = new PeakSampler(time, TimeSpan.FromMilliseconds(10)))
        {
            await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var snapshot in published.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (snapshot.LastRound is not { } round)
                {
                    continue;
                }

                report.RoundsMs.Add(round.Duration.TotalMilliseconds);
                if (snapshot.Consensus.Finalized is { } finalized && finalized.Slot != lastFinalized)
                {
                    lastFinalized = finalized.Slot;
                    finalizations++;
                }

                if (round.Number >= rounds)
                {
                    break;
                }
            }

            report.Metrics["peak_rss_bytes"] = sampler.PeakResidentBytes;
            report.Metrics["peak_managed_bytes"] = sampler.PeakManagedBytes;
        }

        report.Metrics["rounds"] = report.RoundsMs.Count;
        report.Metrics["finalizations"] = finalizations;
        return report;
    }
}
