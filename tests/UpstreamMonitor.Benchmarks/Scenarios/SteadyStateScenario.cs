using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 5: hundreds of back-to-back rounds at N = 1000 in each GC mode; nothing may grow.</summary>
internal sealed class SteadyStateScenario : IBenchmarkScenario
{
    /// <summary>The GC modes compared, as the environment variables the runtime reads at start.</summary>
    internal static readonly (string Name, Dictionary<string, string> Environment)[] GcModes =
    [
        ("workstation", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_GCDynamicAdaptationMode"] = "0" }),
        ("server", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0" }),
        ("server + DATAS", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "1" }),
    ];

    public string Name => "steady-state";

    public string Title => "5. Steady state at scale";

    public string Measures =>
        "The whole host polling N = 1000 nodes back to back for 500 rounds (or 95 s), once per GC mode (workstation, server, server with " +
        "dynamic adaptation) in child processes: threads, open file descriptors, managed heap (after a full collection) and " +
        "RSS at the first warm checkpoint against the last. Target: no growth beyond noise.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var n = context.Pick(16, 1000);
        var rounds = context.Pick(20, 500);
        var timeLimit = context.Pick(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(95));
        var latency = TimeSpan.FromMilliseconds(1);
        await using var devnet = await DevnetRig.StartAsync(new DevnetSpec(n, latency), cancellationToken).ConfigureAwait(false);
        var file = await UpstreamListFile.WriteAsync(devnet.Upstreams, cancellationToken).ConfigureAwait(false);
        try
        {
            var footprint = new ResultTable(
                string.Create(CultureInfo.InvariantCulture, $"N = {n}, C = 64, L = {latency.TotalMilliseconds:0} ms, {rounds} rounds back to back: first warm checkpoint → last"),
                "GC mode (as applied)", "rounds", "median round", "threads", "open fds", "managed heap", "RSS", "GC pause total", "gen0/1/2", "growth within noise");
            result.Tables.Add(footprint);
            var allWithin = true;
            long minReached = long.MaxValue;
            foreach (var (mode, environment) in GcModes)
            {
                var env = new Dictionary<string, string>(environment)
                {
                    [UpstreamListFile.EnvironmentVariable] = file,
                    [ChildEnvironment.Rounds] = ChildEnvironment.Of(rounds),
                    [ChildEnvironment.Concurrency] = "64",
                    [ChildEnvironment.PollMs] = "10",
                    [ChildEnvironment.TimeLimitMs] = ChildEnvironment.Of((int)timeLimit.TotalMilliseconds),
                };
                context.Info($"   GC mode {mode}");
                var report = await ChildRun.RunAsync(context, ChildEntryPoints.SteadyState, env, cancellationToken).ConfigureAwait(false);
                if (report.Footprints.Count < 2)
                {
                    throw new InvalidOperationException($"GC mode {mode}: fewer than two footprint checkpoints.");
                }

                // The first checkpoint still has the connection pool and JIT filling in; the second is the first warm one.
                var first = report.Footprints[Math.Min(1, report.Footprints.Count - 2)];
                var last = report.Footprints[^1];
                var checks = GrowthCheck.ForFootprints(
                    first.Threads, last.Threads, first.OpenFileDescriptors, last.OpenFileDescriptors,
                    first.ManagedHeapBytes, last.ManagedHeapBytes, first.ResidentBytes, last.ResidentBytes);
                var within = checks.All(c => c.WithinNoise);
                allWithin &= within;
                var median = SampleSummary.Of(report.RoundsMs).Median;
                minReached = Math.Min(minReached, last.Round);
                footprint.Add(
                    $"{mode} ({report.GcMode})",
                    $"{first.Round}→{last.Round}",
                    FigureFormat.Ms(median),
                    $"{first.Threads} → {last.Threads}",
                    $"{first.OpenFileDescriptors} → {last.OpenFileDescriptors}",
                    $"{FigureFormat.Bytes(first.ManagedHeapBytes)} → {FigureFormat.Bytes(last.ManagedHeapBytes)}",
                    $"{FigureFormat.Bytes(first.ResidentBytes)} → {FigureFormat.Bytes(last.ResidentBytes)}",
                    FigureFormat.Ms(report.Metric("gc_pause_ms")),
                    $"{report.Metric("gen0"):0}/{report.Metric("gen1"):0}/{report.Metric("gen2"):0}",
                    within ? "yes" : "NO: " + string.Join(", ", checks.Where(c => !c.WithinNoise).Select(c => c.Resource)));
                var key = mode.Replace(" + ", "_", StringComparison.Ordinal).Replace(' ', '_');
                result.Metrics[$"{key}_median_round_ms"] = median;
                result.Metrics[$"{key}_last_rss_bytes"] = last.ResidentBytes;
                result.Metrics[$"{key}_last_heap_bytes"] = last.ManagedHeapBytes;
                result.Metrics[$"{key}_last_threads"] = last.Threads;
                result.Metrics[$"{key}_last_fds"] = last.OpenFileDescriptors;
                result.Metrics[$"{key}_rss_growth_bytes"] = last.ResidentBytes - first.ResidentBytes;
                result.Metrics[$"{key}_heap_growth_bytes"] = last.ManagedHeapBytes - first.ManagedHeapBytes;
                result.Metrics[$"{key}_gc_pause_ms"] = report.Metric("gc_pause_ms");
                result.Metrics[$"{key}_elapsed_ms"] = report.Metric("elapsed_ms");
            }

            if (minReached < rounds)
            {
                result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Each GC mode has {timeLimit.TotalSeconds:0} s to reach round {rounds}, so the suite stays near 12 minutes; the slowest reached round {minReached} (the rounds column)."));
            }

            result.Notes.Add("Noise bands: threads +4, fds +max(8, 2%), managed heap +max(2 MiB, 10%), RSS +max(8 MiB, 10%) (decision 0701).");
            if (!context.Smoke)
            {
                result.Targets.Add(new TargetCheck(
                    string.Create(CultureInfo.InvariantCulture, $"growth from the first warm checkpoint to round {Math.Min(rounds, minReached)}+, every GC mode"),
                    "within noise",
                    allWithin ? "within noise in every mode" : "growth beyond noise (see table)",
                    allWithin));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
