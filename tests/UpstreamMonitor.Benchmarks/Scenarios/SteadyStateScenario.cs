using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>
/// Scenario 5: hundreds of back-to-back rounds at N = 1000 in each GC mode, and 2,000 in the mode the container
/// ships; nothing may grow.
/// </summary>
internal sealed class SteadyStateScenario : IBenchmarkScenario
{
    /// <summary>Child parameter: rounds between footprint checkpoints (default a tenth of the rounds).</summary>
    public const string CheckpointEveryVariable = "BENCH_CHECKPOINT_EVERY";

    /// <summary>The GC modes compared, as the environment variables the runtime reads at start.</summary>
    internal static IReadOnlyList<GcModeRun> GcModes =>
    [
        new("workstation", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_GCDynamicAdaptationMode"] = "0" }, Rounds: 500, CheckpointEvery: 50, Ships: false),
        new("server", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0" }, Rounds: 500, CheckpointEvery: 50, Ships: false),
        new("server + DATAS", ContainerGc.Environment, Rounds: 2_000, CheckpointEvery: 250, Ships: true),
    ];

    public string Name => "steady-state";

    public string Title => "5. Steady state at scale";

    // Two modes of at most 95 s each, then 2,000 rounds in the shipped mode (about 10 minutes on 2 busy cores).
    public TimeSpan? FullRunLimit => TimeSpan.FromMinutes(25);

    public string Measures =>
        "The whole host polling N = 1000 nodes back to back, once per GC mode in child processes: 500 rounds (or 95 s) in workstation " +
        "and server GC, 2,000 rounds in the mode the container ships (server GC with dynamic adaptation and its GC settings): threads, " +
        "open file descriptors, managed heap (after a full collection) and RSS at the first warm checkpoint against the last, with the " +
        "shipped mode's checkpoints every 250 rounds. Target: no growth beyond noise.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var n = context.Pick(16, 1000);
        var latency = TimeSpan.FromMilliseconds(1);
        await using var devnet = await DevnetRig.StartAsync(new DevnetSpec(n, latency), cancellationToken).ConfigureAwait(false);
        var file = await UpstreamListFile.WriteAsync(devnet.Upstreams, cancellationToken).ConfigureAwait(false);
        try
        {
            var footprint = new ResultTable(
                string.Create(CultureInfo.InvariantCulture, $"N = {n}, C = 64, L = {latency.TotalMilliseconds:0} ms, rounds back to back: first warm checkpoint → last"),
                "GC mode (as applied)", "rounds", "median round", "threads", "open fds", "managed heap", "RSS", "GC pause total", "gen0/1/2", "growth within noise");
            result.Tables.Add(footprint);
            var allWithin = true;
            var targetRounds = new List<string>();
            foreach (var mode in GcModes)
            {
                var rounds = context.Pick(20, mode.Rounds);
                var checkpointEvery = context.Pick(2, mode.CheckpointEvery);

                // Workstation and server GC have a budget that keeps the suite near its length on a busy machine; the
                // shipped mode must reach all of its rounds, so its limit only stops a run that has hung.
                var timeLimit = context.Pick(TimeSpan.FromSeconds(20), mode.Ships ? TimeSpan.FromMinutes(15) : TimeSpan.FromSeconds(95));
                var env = new Dictionary<string, string>(mode.Environment)
                {
                    [UpstreamListFile.EnvironmentVariable] = file,
                    [ChildEnvironment.Rounds] = ChildEnvironment.Of(rounds),
                    [CheckpointEveryVariable] = ChildEnvironment.Of(checkpointEvery),
                    [ChildEnvironment.Concurrency] = "64",
                    [ChildEnvironment.PollMs] = "10",
                    [ChildEnvironment.TimeLimitMs] = ChildEnvironment.Of((int)timeLimit.TotalMilliseconds),
                };
                context.Info($"   GC mode {mode.Name}: {rounds} rounds");
                var report = await ChildRun.RunAsync(context, ChildEntryPoints.SteadyState, env, cancellationToken).ConfigureAwait(false);
                if (report.Footprints.Count < 2)
                {
                    throw new InvalidOperationException($"GC mode {mode.Name}: fewer than two footprint checkpoints.");
                }

                var first = report.Footprints[WarmIndex(report.Footprints, rounds)];
                var last = report.Footprints[^1];
                var checks = GrowthCheck.ForFootprints(
                    first.Threads, last.Threads, first.OpenFileDescriptors, last.OpenFileDescriptors,
                    first.ManagedHeapBytes, last.ManagedHeapBytes, first.ResidentBytes, last.ResidentBytes);
                var within = checks.All(c => c.WithinNoise);
                allWithin &= within;
                var median = SampleSummary.Of(report.RoundsMs).Median;
                targetRounds.Add(string.Create(CultureInfo.InvariantCulture, $"{mode.Name} {first.Round}→{last.Round}"));
                footprint.Add(
                    $"{mode.Name} ({report.GcMode})",
                    $"{first.Round}→{last.Round}",
                    FigureFormat.Ms(median),
                    $"{first.Threads} → {last.Threads}",
                    $"{first.OpenFileDescriptors} → {last.OpenFileDescriptors}",
                    $"{FigureFormat.Bytes(first.ManagedHeapBytes)} → {FigureFormat.Bytes(last.ManagedHeapBytes)}",
                    $"{FigureFormat.Bytes(first.ResidentBytes)} → {FigureFormat.Bytes(last.ResidentBytes)}",
                    FigureFormat.Ms(report.Metric("gc_pause_ms")),
                    $"{report.Metric("gen0"):0}/{report.Metric("gen1"):0}/{report.Metric("gen2"):0}",
                    within ? "yes" : "NO: " + string.Join(", ", checks.Where(c => !c.WithinNoise).Select(c => c.Resource)));
                var key = mode.Name.Replace(" + ", "_", StringComparison.Ordinal).Replace(' ', '_');
                result.Metrics[$"{key}_rounds"] = last.Round;
                result.Metrics[$"{key}_median_round_ms"] = median;
                result.Metrics[$"{key}_last_rss_bytes"] = last.ResidentBytes;
                result.Metrics[$"{key}_last_heap_bytes"] = last.ManagedHeapBytes;
                result.Metrics[$"{key}_last_threads"] = last.Threads;
                result.Metrics[$"{key}_last_fds"] = last.OpenFileDescriptors;
                result.Metrics[$"{key}_rss_growth_bytes"] = last.ResidentBytes - first.ResidentBytes;
                result.Metrics[$"{key}_heap_growth_bytes"] = last.ManagedHeapBytes - first.ManagedHeapBytes;
                result.Metrics[$"{key}_fd_growth"] = last.OpenFileDescriptors - first.OpenFileDescriptors;
                result.Metrics[$"{key}_gc_pause_ms"] = report.Metric("gc_pause_ms");
                result.Metrics[$"{key}_elapsed_ms"] = report.Metric("elapsed_ms");
                if (mode.Ships)
                {
                    result.Tables.Add(Trend(mode, report));
                    result.Metrics[$"{key}_last_gc_committed_bytes"] = report.Checkpoints[^1].Gc.CommittedBytes;
                }

                if (last.Round < rounds)
                {
                    result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"GC mode {mode.Name} had {timeLimit.TotalSeconds:0} s to reach round {rounds} and reached round {last.Round} (the rounds column)."));
                }
            }

            result.Notes.Add("Noise bands: threads +4, fds +max(8, 2%), managed heap +max(2 MiB, 10%), RSS +max(8 MiB, 10%) (decision 0701).");
            if (!context.Smoke)
            {
                result.Targets.Add(new TargetCheck(
                    "growth from the first warm checkpoint to the last, every GC mode (" + string.Join(", ", targetRounds) + ")",
                    "within noise",
                    allWithin ? "within noise in every mode" : "growth beyond noise (see table)",
                    allWithin,
                    allWithin ? null : "the live heap stays flat; RSS follows the GC's committed memory, which swings by tens of MiB under server GC (decision 1210): see the checkpoint table."));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// The first warm checkpoint (decision 0701): the first one past a tenth of the rounds, and never the very first
    /// of a short run, which still has JIT and the connection pool filling in.
    /// </summary>
    internal static int WarmIndex(IReadOnlyList<FootprintSample> footprints, int rounds)
    {
        ArgumentNullException.ThrowIfNull(footprints);
        for (var i = 0; i < footprints.Count - 1; i++)
        {
            if (footprints[i].Round > rounds / 10)
            {
                return i;
            }
        }

        return Math.Max(0, footprints.Count - 2);
    }

    private static ResultTable Trend(GcModeRun mode, ChildReport report)
    {
        var table = new ResultTable(
            $"{mode.Name} as the container ships it ({report.GcMode}): every checkpoint",
            "round", "threads", "open fds (sockets / pipes / eventfd / files)", "managed heap", "GC committed", "fragmented", "RSS", "anonymous", "file-backed");
        foreach (var c in report.Checkpoints)
        {
            var d = c.Descriptors;
            table.Add(
                FigureFormat.Count(c.Round),
                FigureFormat.Count(c.Threads),
                $"{d.Total} ({d.Sockets} / {d.Pipes} / {d.EventFds} / {d.Files})",
                FigureFormat.Bytes(c.Gc.HeapBytes),
                FigureFormat.Bytes(c.Gc.CommittedBytes),
                FigureFormat.Bytes(c.Gc.FragmentedBytes),
                FigureFormat.Bytes(c.ResidentBytes),
                FigureFormat.Bytes(c.AnonymousBytes),
                FigureFormat.Bytes(c.FileBackedBytes));
        }

        return table;
    }
}

/// <summary>One GC mode the steady-state scenario measures: its environment, its rounds and whether the container ships it.</summary>
internal sealed record GcModeRun(string Name, IReadOnlyDictionary<string, string> Environment, int Rounds, int CheckpointEvery, bool Ships);
