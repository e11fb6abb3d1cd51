using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Benchmarks.Scale;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>
/// Scenario 10 (issue 15, item 4): the same measurements at two fleet sizes in one run, reported side by side with the
/// ratio large / small, so the figure that matters (how each cost grows with N) survives a noisy machine.
/// </summary>
internal sealed class ScaleScenario : IBenchmarkScenario
{
    private const int Capacity = 256;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);

    public string Name => "scale";

    public string Title => "10. Scale: 1,000 against 10,000 upstreams";

    public string Measures =>
        "N = 1,000 and N = 10,000 simulated nodes (one port each), C = 256, L = 100 ms, in one run: the median of warm rounds of the " +
        "real poll engine against the ideal ceil(N / C) × L and against the rig's raw-socket floor (round-overhead's: the same nodes asked at the same C " +
        "with no HTTP stack, measured first in the same child), then RSS, managed heap (after a full collection), threads and open fds " +
        "(each N in a child process of its own), the GC pause and allocation per warm round, the time after the round's window, and the dashboard's server render of one round with N upstreams. " +
        "Target: round time at N = 10,000 within 1.05 × ideal (4.0 s).";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        int[] sizes = context.Pick<int[]>([100, 1_000], [1_000, 10_000]);
        var rounds = context.Pick(2, 4);
        var measured = new List<ScaleFigures>(sizes.Length);
        foreach (var n in sizes)
        {
            measured.Add(await MeasureAsync(context, n, rounds, cancellationToken).ConfigureAwait(false));
        }

        // Every devnet is gone before the dashboard runs: the render is measured beside nothing else of ours.
        context.Info("   dashboard render at each N");
        var renders = await ScaleDashboardRender.RunAsync(sizes, context.Pick(5, 20), context.Log, cancellationToken).ConfigureAwait(false);
        measured = [.. measured.Select((f, i) => f with { ServerRenderMedianMs = renders[i].Median, ServerRenderMaxMs = renders[i].Max })];

        var (small, large) = (measured[0], measured[1]);
        var table = new ResultTable(
            string.Create(CultureInfo.InvariantCulture, $"C = {Capacity}, L = {FigureFormat.Ms(Latency)}: median of {rounds} warm rounds, footprint after them"),
            "figure", $"N = {FigureFormat.Count(small.Upstreams)}", $"N = {FigureFormat.Count(large.Upstreams)}",
            string.Create(CultureInfo.InvariantCulture, $"N = {large.Upstreams:#,0} / N = {small.Upstreams:#,0}"));
        result.Tables.Add(table);
        foreach (var row in ScaleFigures.Rows)
        {
            var (a, b) = (row.Value(small), row.Value(large));
            table.Add(row.Name, row.Format(a), row.Format(b), FigureFormat.Ratio(b / a));
            result.Metrics[$"n{small.Upstreams}_{row.Key}"] = a;
            result.Metrics[$"n{large.Upstreams}_{row.Key}"] = b;
            result.Metrics[$"ratio_{row.Key}"] = b / a;
        }

        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"The simulated devnet serves at most {SimulatedDevnetOptions.MaxNodeCount:#,0} nodes per process, and one process holds a listening socket " +
            $"and an accepted connection per node: 10,000 nodes in one process would need about 20,000 descriptors against this machine's " +
            $"hard limit of {OpenFileLimit()}. Past {SimulatedDevnetOptions.MaxNodeCount:#,0} nodes the devnet is split: the first " +
            $"{SimulatedDevnetOptions.MaxNodeCount:#,0} in the driver, the rest in standalone simulator processes ({large.DevnetProcesses} " +
            $"process(es) in all at N = {large.Upstreams:#,0}); every upstream still has a port and a connection of its own."));
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"Ratios: linear growth would show the N ratio ({(double)large.Upstreams / small.Upstreams:0}×), a fixed base cost less; the ideal round " +
            $"grows with the batches ({large.Batches} / {small.Batches}). The dashboard renders a virtualized table: one round's update " +
            $"is measured by Blazor's render-diff histogram on one live page, {context.Pick(5, 20)} rounds per N."));
        var readsPerRound = Polling.NodeInfoRoundBudget.For(Capacity).Limit;
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"Both N's warm rounds carry the first-answer node-route reads (identity, syncing; decision 0904), which this devnet answers after L like " +
            $"every route: at most {readsPerRound} upstreams per round read them, so they take " +
            $"{(small.Upstreams + readsPerRound - 1) / readsPerRound} rounds at N = {small.Upstreams:#,0} " +
            $"and {(large.Upstreams + readsPerRound - 1) / readsPerRound} at N = {large.Upstreams:#,0}. " +
            $"At N = 1,000 those jobs (four requests at L each) outlast the round's four batches; at N = 10,000 they fit in the last, partial batch. " +
            $"The raw-socket floor asks only the fork choice; round-overhead measures settled rounds without these reads."));
        if (large.WarmFailed > 0 || small.WarmFailed > 0)
        {
            result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Failed or abandoned upstreams in a warm round (worst): {small.WarmFailed} at N = {small.Upstreams}, {large.WarmFailed} at N = {large.Upstreams}."));
        }

        if (!context.Smoke)
        {
            var ratio = large.MedianRoundMs / large.Ideal.TotalMilliseconds;
            var met = ratio <= 1.05 && large.WarmFailed == 0;
            result.Targets.Add(new TargetCheck(
                "round time at N = 10,000 within 1.05 × ideal (4.0 s)",
                "≤ 1.05 × ideal (4000 ms), every upstream answered",
                string.Create(CultureInfo.InvariantCulture, $"{FigureFormat.Ratio(ratio)} ({FigureFormat.Ms(large.MedianRoundMs)}; at N = {small.Upstreams:#,0}: {FigureFormat.Ratio(small.MedianRoundMs / small.Ideal.TotalMilliseconds)})"),
                met,
                met ? null : MissReason(large, ratio)));
        }
    }

    private static string MissReason(ScaleFigures large, double ratio) =>
        large.WarmFailed > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{large.WarmFailed} upstreams failed or were abandoned in a warm round.")
            : string.Create(CultureInfo.InvariantCulture,
                $"{ratio:0.00}× is {(large.MedianRoundMs - large.Ideal.TotalMilliseconds) / large.Batches:0} ms over ideal per batch ({large.Batches} batches). " +
                $"The raw-socket floor on the same nodes is {large.FloorRoundMs / large.Ideal.TotalMilliseconds:0.000}× by itself; of the monitor's " +
                $"{large.MedianRoundMs - large.FloorRoundMs:0} ms over the floor, {large.GcPauseMsPerRound:0} ms are GC pauses (the shipped server GC + DATAS + " +
                $"ConserveMemory, decisions 0702 and 1210, over {FigureFormat.Bytes(large.AllocatedBytesPerRound)} allocated per round) and {large.AfterRoundMs:0} ms " +
                $"the work after the round's window; the devnet's {large.DevnetProcesses} processes share the {Environment.ProcessorCount} cores " +
                $"(load average {MachineInfo.LoadAverage()}).");

    private static async Task<ScaleFigures> MeasureAsync(ScenarioContext context, int n, int rounds, CancellationToken cancellationToken)
    {
        context.Info($"   N = {n}: starting the devnet");
        ChildReport report;
        int processes;
        await using (var devnet = await ScaleDevnet.StartAsync(n, Latency, context.Log, cancellationToken).ConfigureAwait(false))
        {
            processes = devnet.Processes;
            var file = await UpstreamListFile.WriteAsync(devnet.Upstreams, cancellationToken).ConfigureAwait(false);
            try
            {
                var env = new Dictionary<string, string>
                {
                    [UpstreamListFile.EnvironmentVariable] = file,
                    [ChildEnvironment.Rounds] = ChildEnvironment.Of(rounds),
                    [ChildEnvironment.Concurrency] = ChildEnvironment.Of(Capacity),
                    [ChildEnvironment.TimeoutMs] = "5000",
                };

                // The GC mode the container ships (its GC pause per round is one of the figures).
                foreach (var (name, value) in ContainerGc.Environment)
                {
                    env[name] = value;
                }
                report = await ChildRun.RunAsync(context, ChildEntryPoints.ScaleRounds, env, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(file);
            }
        }

        var summary = SampleSummary.Of(report.RoundsMs);
        var figures = new ScaleFigures
        {
            Upstreams = n,
            DevnetProcesses = processes,
            Ideal = IdealRound.Duration(n, Math.Min(Capacity, n), Latency),
            Batches = IdealRound.Batches(n, Math.Min(Capacity, n)),
            MedianRoundMs = summary.Median,
            MinRoundMs = summary.Min,
            MaxRoundMs = summary.Max,
            ColdRoundMs = report.Metric("cold_round_ms"),
            FloorRoundMs = report.Metric("floor_round_ms"),
            AfterRoundMs = report.Metric("after_round_ms"),
            GcPauseMsPerRound = report.Metric("gc_pause_ms_per_round"),
            AllocatedBytesPerRound = report.Metric("allocated_bytes_per_round"),
            WarmFailed = (int)report.Metric("warm_failed_max"),
            ResidentBytes = report.Metric("rss_bytes"),
            PeakResidentBytes = report.Metric("peak_rss_bytes"),
            ManagedHeapBytes = report.Metric("managed_heap_bytes"),
            OpenFds = report.Metric("open_fds"),
            Threads = report.Metric("threads"),
        };
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"   N = {n}: median round {figures.MedianRoundMs:0} ms (ideal {figures.Ideal.TotalMilliseconds:0} ms), RSS {figures.ResidentBytes / 1048576:0} MiB, " +
            $"heap {figures.ManagedHeapBytes / 1048576:0} MiB, {figures.OpenFds:0} fds"));
        return figures;
    }

    private static string OpenFileLimit()
    {
        // "Max open files  20000  20000  files": the hard limit is the second number.
        var line = File.Exists("/proc/self/limits")
            ? File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))
            : null;
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 5 } ? fields[4] : "unknown";
    }
}
