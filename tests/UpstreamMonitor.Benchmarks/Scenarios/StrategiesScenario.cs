using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 2: the gated engine against a sequential poller and an unbounded fan-out, in the same run.</summary>
internal sealed class StrategiesScenario : IBenchmarkScenario
{
    public string Name => "strategies";

    public string Title => "2. Strategies side by side";

    public string Measures =>
        "The same devnet polled by the gated engine (C = 64), a sequential poller (HealthChecks.UI's shape) and an unbounded " +
        "Task.WhenAll fan-out (YARP active health checks' shape): round time, peak concurrent requests and open connections at the " +
        "nodes (simulator counters) and the poller process's peak memory. Each strategy runs in its own child process.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var n = context.Pick(16, 1000);
        const int capacity = 64;
        var latency = context.Pick(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10));
        await using var devnet = await DevnetRig.StartAsync(new DevnetSpec(n, latency), cancellationToken).ConfigureAwait(false);
        var file = await UpstreamListFile.WriteAsync(devnet.Upstreams, cancellationToken).ConfigureAwait(false);
        try
        {
            var table = new ResultTable(
                string.Create(CultureInfo.InvariantCulture, $"N = {n}, L = {latency.TotalMilliseconds:0} ms, gate C = {capacity}"),
                "strategy", "cold round", "median warm round", "vs gated", "peak concurrent requests", "peak open connections", "peak RSS", "peak managed heap", "allocated / round", "ok / N");
            result.Tables.Add(table);

            // Sequential is N × L per round: its one (cold) round says all there is to say and keeps the suite short.
            // It is compared with the gated engine's cold round; the others' warm medians with each other.
            (string Key, string Label, int Warmup, int Rounds)[] strategies =
            [
                ("gated", "gated engine (product)", 1, context.Pick(2, 5)),
                ("unbounded", "unbounded fan-out (Task.WhenAll)", 1, context.Pick(2, 5)),
                ("sequential", "sequential", 0, 1),
            ];
            double gatedMedian = double.NaN, gatedCold = double.NaN;
            foreach (var (key, label, warmup, rounds) in strategies)
            {
                devnet.ResetCounters();
                var report = await ChildRun.RunAsync(context, ChildEntryPoints.Strategy, new Dictionary<string, string>
                {
                    [UpstreamListFile.EnvironmentVariable] = file,
                    [ChildEnvironment.Strategy] = key,
                    [ChildEnvironment.WarmupRounds] = ChildEnvironment.Of(warmup),
                    [ChildEnvironment.Rounds] = ChildEnvironment.Of(rounds),
                    [ChildEnvironment.Concurrency] = ChildEnvironment.Of(capacity),
                }, cancellationToken).ConfigureAwait(false);
                var median = SampleSummary.Of(report.RoundsMs).Median;
                var cold = warmup > 0 ? report.Metric("cold_round_ms") : report.RoundsMs[0];
                if (key == "gated")
                {
                    gatedMedian = median;
                    gatedCold = cold;
                }

                var versus = warmup > 0 ? median / gatedMedian : cold / gatedCold;

                var traffic = devnet.Read();
                var peak = traffic.PeakInFlightRequests;
                table.Add(
                    label,
                    FigureFormat.Ms(cold),
                    warmup > 0 ? $"{FigureFormat.Ms(median)} ({rounds} rounds)" : "n/a",
                    FigureFormat.Ratio(versus) + (warmup > 0 ? " (warm)" : " (cold)"),
                    FigureFormat.Count(peak),
                    FigureFormat.Count(traffic.PeakOpenConnections),
                    FigureFormat.Bytes(report.Metric("peak_rss_bytes")),
                    FigureFormat.Bytes(report.Metric("peak_managed_bytes")),
                    FigureFormat.Bytes(report.Metric("allocated_bytes_per_round")),
                    $"{report.Metric("succeeded"):0} / {n}");
                result.Metrics[$"{key}_cold_round_ms"] = cold;
                result.Metrics[$"{key}_median_round_ms"] = median;
                result.Metrics[$"{key}_round_vs_gated"] = versus;
                result.Metrics[$"{key}_peak_concurrent_requests"] = peak;
                result.Metrics[$"{key}_peak_open_connections"] = traffic.PeakOpenConnections;
                result.Metrics[$"{key}_peak_rss_bytes"] = report.Metric("peak_rss_bytes");
                result.Metrics[$"{key}_peak_managed_bytes"] = report.Metric("peak_managed_bytes");
                result.Metrics[$"{key}_allocated_bytes_per_round"] = report.Metric("allocated_bytes_per_round");
                context.Info($"   {label}: median {median:0} ms, peak concurrent {peak}");
            }

            result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Ideal gated round: ceil({n} / {capacity}) × {latency.TotalMilliseconds:0} ms = {IdealRound.Duration(n, capacity, latency).TotalMilliseconds:0} ms; the sequential floor is N × L = {n * latency.TotalMilliseconds:0} ms."));
            result.Notes.Add("Peak RSS and heap are the polling child process alone (the devnet runs in the driver process).");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
