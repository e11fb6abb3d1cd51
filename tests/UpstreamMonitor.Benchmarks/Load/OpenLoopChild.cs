using System.Diagnostics;
using UpstreamMonitor.Benchmarks.Driver;

namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>
/// The open-loop generator as a child process of its own, so its allocations, threads and CPU are not the host's; its
/// figures are percentiles of latency from each request's intended start, and its own CPU time.
/// </summary>
internal static class OpenLoopChild
{
    /// <summary>
    /// Socket continuations run on the epoll thread that saw the bytes, not queued to the thread pool: a response is
    /// timed when it arrives, not when a pool thread gets to it. Set by the parent, since it is read at start-up.
    /// </summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static async Task<ChildReport> RunAsync(CancellationToken cancellationToken)
    {
        var connections = ChildEnvironment.Int(ChildEnvironment.MaxInFlight, 64);
        var target = new Uri(ChildEnvironment.String(ChildEnvironment.TargetUrl));
        var rate = ChildEnvironment.Int(ChildEnvironment.RatePerSecond, 100);
        var load = new OpenLoopLoad(TimeProvider.System);

        // A short unmeasured warm-up at the same rate: both sides JIT-compiled and their connections accepted.
        await load.RunAsync(target, rate, TimeSpan.FromMilliseconds(ChildEnvironment.Int(ChildEnvironment.WarmupMs, 1_000)), connections, cancellationToken).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var run = await load.RunAsync(target, rate, TimeSpan.FromMilliseconds(ChildEnvironment.Int(ChildEnvironment.DurationMs, 10_000)), connections, cancellationToken).ConfigureAwait(false);
        self.Refresh();
        var cpuMs = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        return new ChildReport
        {
            Metrics =
            {
                ["target_rate"] = run.TargetRate,
                ["achieved_rate"] = run.AchievedRate,
                ["requests"] = run.Requests,
                ["non2xx"] = run.Non2xx,
                ["errors"] = run.Errors,
                ["p50_ms"] = run.P50.TotalMilliseconds,
                ["p90_ms"] = run.P90.TotalMilliseconds,
                ["p99_ms"] = run.P99.TotalMilliseconds,
                ["p999_ms"] = run.P999.TotalMilliseconds,
                ["max_ms"] = run.Max.TotalMilliseconds,
                ["dispatch_lag_p50_ms"] = run.DispatchLagP50.TotalMilliseconds,
                ["dispatch_lag_p99_ms"] = run.DispatchLagP99.TotalMilliseconds,
                ["peak_queued"] = run.PeakQueued,
                ["generator_cpu_ms"] = cpuMs,
                ["gc_gen0"] = GC.CollectionCount(0),
            },
        };
    }
}
