using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 1: measured round time against the physical floor ceil(N / C) × L.</summary>
internal sealed class RoundOverheadScenario : IBenchmarkScenario
{
    public string Name => "round-overhead";

    public string Title => "1. Round overhead";

    public string Measures =>
        "Rounds of the real poll engine against N simulated nodes that each answer after L = 100 ms, at gate capacity C: " +
        "the median of repeated warm rounds against the ideal ceil(N / C) × L. Target: within 5% at N = 1000, C = 64.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        int[] sizes = context.Pick<int[]>([8, 24], [64, 256, 1000]);
        int[] capacities = context.Pick<int[]>([4, 16], [16, 64, 256]);
        var latency = context.Pick(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
        var rounds = context.Pick(2, 5);

        var table = new ResultTable(
            $"Round time, median of {rounds} warm rounds (L = {FigureFormat.Ms(latency)})",
            "N", "C", "ideal", "median", "min", "max", "cold round", "median / ideal");
        result.Tables.Add(table);

        foreach (var n in sizes)
        {
            await using var devnet = await DevnetRig.StartAsync(new DevnetSpec(n, latency), cancellationToken).ConfigureAwait(false);
            foreach (var c in capacities)
            {
                var settings = new MonitorRigSettings { PollConcurrency = c, TimeoutMs = 5_000 };
                await using var monitor = MonitorRig.Create(devnet.Upstreams, settings);

                // The first round opens every connection; it is reported apart and kept out of the median.
                var cold = await TimeRoundAsync(context, monitor, cancellationToken).ConfigureAwait(false);
                var samples = new List<double>();
                for (var r = 0; r < rounds; r++)
                {
                    samples.Add((await TimeRoundAsync(context, monitor, cancellationToken).ConfigureAwait(false)).TotalMilliseconds);
                }

                var summary = SampleSummary.Of(samples);
                var ideal = IdealRound.Duration(n, Math.Min(c, n), latency);
                var ratio = summary.Median / ideal.TotalMilliseconds;
                table.Add(
                    n.ToString(CultureInfo.InvariantCulture),
                    c.ToString(CultureInfo.InvariantCulture),
                    FigureFormat.Ms(ideal),
                    FigureFormat.Ms(summary.Median),
                    FigureFormat.Ms(summary.Min),
                    FigureFormat.Ms(summary.Max),
                    FigureFormat.Ms(cold),
                    FigureFormat.Ratio(ratio));
                var key = string.Create(CultureInfo.InvariantCulture, $"n{n}_c{c}");
                result.Metrics[$"{key}_ideal_ms"] = ideal.TotalMilliseconds;
                result.Metrics[$"{key}_median_ms"] = summary.Median;
                result.Metrics[$"{key}_ratio"] = ratio;
                context.Info(string.Create(CultureInfo.InvariantCulture, $"   N={n} C={c}: median {summary.Median:0} ms, ideal {ideal.TotalMilliseconds:0} ms, {ratio:0.000}×"));

                if (!context.Smoke && n == 1000 && c == 64)
                {
                    result.Targets.Add(new TargetCheck(
                        "round time at N = 1000, C = 64, L = 100 ms",
                        "≤ 1.05 × ideal (1600 ms)",
                        $"{FigureFormat.Ratio(ratio)} ({FigureFormat.Ms(summary.Median)})",
                        ratio <= 1.05,
                        ratio <= 1.05 ? null : "see the table: the overhead is per batch (dispatch and response handling on 2 shared cores)."));
                }
            }
        }
    }

    private static async Task<TimeSpan> TimeRoundAsync(ScenarioContext context, MonitorRig monitor, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        await monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);
        return context.Time.GetElapsedTime(started);
    }
}
