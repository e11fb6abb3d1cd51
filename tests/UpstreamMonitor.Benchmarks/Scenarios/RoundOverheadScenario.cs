using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 1: measured round time against the physical floor ceil(N / C) × L.</summary>
internal sealed class RoundOverheadScenario : IBenchmarkScenario
{
    public string Name => "round-overhead";

    public string Title => "1. Round overhead";

    public string Measures =>
        "Rounds of the real poll engine against N simulated nodes that each answer after L = 100 ms, at gate capacity C: " +
        "the median of repeated warm rounds against the ideal ceil(N / C) × L. Target: within 5% at N = 1000, C = 64. " +
        "The optional node routes (identity, version, syncing, genesis: read at each upstream's first answers, decision 0904) " +
        "answer without the latency, so those planned extra round trips stay out of the per-batch overhead measured here; " +
        "the second table splits each round's time into the nodes' own answer time, the client's share of each job, " +
        "the dispatch of the last job and the round's close. Issue 15's target for the per-batch overhead: within 3% at N = 256 for C = 64 and C = 256.";

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
            "N", "C", "ideal", "median", "min", "max", "cold round", "median / ideal", "before: thread-pool grants");
        result.Tables.Add(table);
        var split = new ResultTable(
            "Where a warm round's time goes (medians over the warm rounds; job = dispatch to outcome, node = request arrived to response written)",
            "N", "C", "over ideal / batch", "node answer − L, p50 / max", "job − L, p50 / max", "last dispatch after start", "round end after last job");
        result.Tables.Add(split);

        foreach (var n in sizes)
        {
            var spec = new DevnetSpec(n, latency) { NodeInfoLatency = TimeSpan.Zero };
            await using var devnet = await DevnetRig.StartAsync(spec, cancellationToken).ConfigureAwait(false);
            foreach (var c in capacities)
            {
                var ideal = IdealRound.Duration(n, Math.Min(c, n), latency);

                // Before/after in one run: the same devnet, first with the gate's thread-pool grants (the old dispatch
                // wake-up), then with inline grants (decision 1220). The longest row is measured once, after.
                double? beforeRatio = null;
                if (ideal <= TimeSpan.FromSeconds(2) || context.Smoke)
                {
                    var before = await MeasureAsync(context, devnet, c, rounds, latency, queuedGrants: true, cancellationToken).ConfigureAwait(false);
                    beforeRatio = SampleSummary.Of(before.Samples).Median / ideal.TotalMilliseconds;
                }

                var (cold, samples, splits) = await MeasureAsync(context, devnet, c, rounds, latency, queuedGrants: false, cancellationToken).ConfigureAwait(false);
                var summary = SampleSummary.Of(samples);
                var ratio = summary.Median / ideal.TotalMilliseconds;
                table.Add(
                    n.ToString(CultureInfo.InvariantCulture),
                    c.ToString(CultureInfo.InvariantCulture),
                    FigureFormat.Ms(ideal),
                    FigureFormat.Ms(summary.Median),
                    FigureFormat.Ms(summary.Min),
                    FigureFormat.Ms(summary.Max),
                    FigureFormat.Ms(cold),
                    FigureFormat.Ratio(ratio),
                    beforeRatio is { } b ? FigureFormat.Ratio(b) : "not run");
                var batches = (n + Math.Min(c, n) - 1) / Math.Min(c, n);
                var overPerBatch = (summary.Median - ideal.TotalMilliseconds) / batches;
                double Median(Func<RoundSplit, double> figure) => SampleSummary.Of(splits.Select(figure)).Median;
                split.Add(
                    n.ToString(CultureInfo.InvariantCulture),
                    c.ToString(CultureInfo.InvariantCulture),
                    FigureFormat.Ms(overPerBatch),
                    $"{FigureFormat.Ms(Median(s => s.NodeOverP50))} / {FigureFormat.Ms(Median(s => s.NodeOverMax))}",
                    $"{FigureFormat.Ms(Median(s => s.JobOverP50))} / {FigureFormat.Ms(Median(s => s.JobOverMax))}",
                    FigureFormat.Ms(Median(s => s.LastDispatch)),
                    FigureFormat.Ms(Median(s => s.Close)));
                var key = string.Create(CultureInfo.InvariantCulture, $"n{n}_c{c}");
                result.Metrics[$"{key}_ideal_ms"] = ideal.TotalMilliseconds;
                result.Metrics[$"{key}_median_ms"] = summary.Median;
                result.Metrics[$"{key}_ratio"] = ratio;
                if (beforeRatio is { } queued)
                {
                    result.Metrics[$"{key}_ratio_queued_grants"] = queued;
                }

                result.Metrics[$"{key}_node_over_l_p50_ms"] = Median(s => s.NodeOverP50);
                result.Metrics[$"{key}_job_over_l_p50_ms"] = Median(s => s.JobOverP50);
                result.Metrics[$"{key}_job_over_l_max_ms"] = Median(s => s.JobOverMax);
                context.Info(string.Create(CultureInfo.InvariantCulture, $"   N={n} C={c}: median {summary.Median:0} ms, ideal {ideal.TotalMilliseconds:0} ms, {ratio:0.000}× (thread-pool grants: {beforeRatio:0.000}×)"));

                if (!context.Smoke && n == 1000 && c == 64)
                {
                    result.Targets.Add(new TargetCheck(
                        "round time at N = 1000, C = 64, L = 100 ms",
                        "≤ 1.05 × ideal (1600 ms)",
                        $"{FigureFormat.Ratio(ratio)} ({FigureFormat.Ms(summary.Median)})",
                        ratio <= 1.05,
                        ratio <= 1.05 ? null : "see the table: the overhead is per batch (dispatch and response handling on 2 shared cores)."));
                }

                if (!context.Smoke && n == 256 && c is 64 or 256)
                {
                    result.Targets.Add(new TargetCheck(
                        string.Create(CultureInfo.InvariantCulture, $"round time at N = 256, C = {c}, L = 100 ms"),
                        string.Create(CultureInfo.InvariantCulture, $"≤ 1.03 × ideal ({ideal.TotalMilliseconds:0} ms)"),
                        $"{FigureFormat.Ratio(ratio)} ({FigureFormat.Ms(summary.Median)})",
                        ratio <= 1.03,
                        ratio <= 1.03 ? null : string.Create(
                            CultureInfo.InvariantCulture,
                            $"{overPerBatch:0.0} ms over per batch: the last batch started {Median(s => s.LastDispatch) - ((batches - 1) * latency.TotalMilliseconds):0.0} ms after its ideal start and its slowest job took {Median(s => s.JobOverMax):0.0} ms over L, {Math.Min(c, n)} exchanges at both ends (the devnet runs in this process) on {Environment.ProcessorCount} cores.")));
                }
            }
        }
    }

    /// <summary>One warm round's time split: what the nodes took beyond L, what each job took beyond L, when the last job left, how long the close took.</summary>
    private sealed record RoundSplit(double NodeOverP50, double NodeOverMax, double JobOverP50, double JobOverMax, double LastDispatch, double Close)
    {
        public static RoundSplit Of(MonitorSnapshot snapshot, IReadOnlyList<NodeCost> nodes, TimeSpan latency)
        {
            var round = snapshot.LastRound ?? throw new InvalidOperationException("A round was run but no round statistics were published.");
            var l = latency.TotalMilliseconds;
            var polled = snapshot.Upstreams.Where(u => u.LastPolledRound == round.Number && u.Latency is not null && u.LastPoll is not null).ToList();
            var holds = SampleSummary.Of(nodes.Where(c => c.Requests > 0).Select(c => c.LongestRequest.TotalMilliseconds - l));
            var jobs = SampleSummary.Of(polled.Select(u => u.Latency!.Value.TotalMilliseconds - l));
            var lastDispatch = polled.Max(u => u.LastPoll!.Value - u.Latency!.Value) - round.StartedAt;
            var lastEnd = polled.Max(u => u.LastPoll!.Value);
            return new RoundSplit(holds.Median, holds.Max, jobs.Median, jobs.Max, lastDispatch.TotalMilliseconds, (round.FinishedAt - lastEnd).TotalMilliseconds);
        }
    }

    private static async Task<(TimeSpan Cold, List<double> Samples, List<RoundSplit> Splits)> MeasureAsync(
        ScenarioContext context, DevnetRig devnet, int c, int rounds, TimeSpan latency, bool queuedGrants, CancellationToken cancellationToken)
    {
        var settings = new MonitorRigSettings { PollConcurrency = c, TimeoutMs = 5_000 };
        await using var monitor = MonitorRig.Create(devnet.Upstreams, settings);

        // The gate reads the switch when the engine is built, at the first round.
        AppContext.SetSwitch(PollGate.QueuedGrantsSwitch, queuedGrants);
        TimeSpan cold;
        try
        {
            // The first round opens every connection; it is reported apart and kept out of the median.
            cold = await TimeRoundAsync(context, monitor, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            AppContext.SetSwitch(PollGate.QueuedGrantsSwitch, false);
        }

        var samples = new List<double>();
        var splits = new List<RoundSplit>();
        for (var r = 0; r < rounds; r++)
        {
            devnet.ResetCounters();
            samples.Add((await TimeRoundAsync(context, monitor, cancellationToken).ConfigureAwait(false)).TotalMilliseconds);
            splits.Add(RoundSplit.Of(monitor.Snapshots.Current, devnet.NodeCosts(), latency));
        }

        return (cold, samples, splits);
    }

    private static async Task<TimeSpan> TimeRoundAsync(ScenarioContext context, MonitorRig monitor, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        await monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);
        return context.Time.GetElapsedTime(started);
    }
}
