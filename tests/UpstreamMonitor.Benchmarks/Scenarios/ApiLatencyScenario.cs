using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Load;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>
/// Scenario 6b: the JSON API's latency at a fixed arrival rate (open loop, corrected for coordinated omission) while
/// the host polls N = 1000 nodes, the host's GC, thread pool and CPU in each window, and the rates at which /status's
/// and /api/upstreams' p99 cross 5 ms; with the devnet's processes at normal priority and niced (decision 1240).
/// </summary>
internal sealed class ApiLatencyScenario : IBenchmarkScenario
{
    private const int Connections = 64;
    private const int Capacity = 64;
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(5);

    public string Name => "api-latency";

    public string Title => "6b. API latency at a fixed request rate (open loop)";

    public string Measures =>
        "A wrk2-style open-loop generator (a child process: a dedicated thread sleeping with clock_nanosleep to each intended start, " +
        "64 pre-opened keep-alive sockets, a pre-encoded GET, responses framed by Content-Length; latency from each request's intended " +
        "start, log-linear histogram to 0.2%). First its own floor against a Kestrel endpoint that does nothing, then /status at " +
        "2,000 requests/s and /api/upstreams (1,000 rows) at 200 requests/s, 20 s each, while the host polls N = 1000 nodes " +
        "(C = 64, L = 100 ms) served by simulator processes, once at normal priority and once under nice 19; in each, the rate at which " +
        "p99 crosses 5 ms (doubling or halving from the first rate, then bisecting; 10 s a step), and the host's GC pauses, thread-pool " +
        "queue and CPU beside the devnet's. Target: p99 < 5 ms at those rates.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var n = context.Pick(16, 1000);
        var latency = context.Pick(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
        var plan = new Plan(
            Duration: context.Pick(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20)),
            StepDuration: context.Pick(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10)),
            Warmup: context.Pick(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)),
            Bisections: context.Pick(0, 2));
        var status = new RouteSweep("status", context.Pick(200, 2_000), Floor: context.Pick(100, 125), Ceiling: context.Pick(400, 32_000));
        var upstreams = new RouteSweep("api/upstreams", context.Pick(50, 200), Floor: context.Pick(25, 25), Ceiling: context.Pick(100, 6_400));
        var ideal = IdealRound.Duration(n, Capacity, latency);

        var table = new ResultTable(
            string.Create(CultureInfo.InvariantCulture, $"open loop, {Connections} keep-alive connections; N = {n}, C = {Capacity}, L = {latency.TotalMilliseconds:0} ms, ideal round {ideal.TotalMilliseconds:0} ms"),
            "devnet", "route", "target rate", "achieved", "p50", "p99", "p99.9", "max", "non-2xx / errors", "dispatch lag p50 / p99",
            "host gen0 / GC pause total / longest", "pool queue max", "CPU cores host / devnet / generator", "median round / ideal");
        var crossings = new ResultTable(
            "rate at which p99 crosses 5 ms (highest rate measured under / lowest over)",
            "devnet", "route", "under 5 ms up to", "over 5 ms from", "rates measured");
        result.Tables.Add(table);
        result.Tables.Add(crossings);

        await MeasureFloorAsync(context, result, table, status.FirstRate, plan, cancellationToken).ConfigureAwait(false);
        foreach (var priority in new[] { DevnetPriority.Normal, DevnetPriority.Niced })
        {
            await MeasureWithDevnetAsync(context, result, table, crossings, priority, n, latency, ideal, plan, [status, upstreams], cancellationToken).ConfigureAwait(false);
        }

        result.Notes.Add("Latency counts from each request's intended start, so waiting for a connection, for a late wake-up or for the host's thread pool counts against the server; the dispatch-lag column is how late the generator's thread woke (its own share).");
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"The generator, the host and the devnet's simulator processes share {Environment.ProcessorCount} cores with whatever else runs (load average at the end {MachineInfo.LoadAverage()}). " +
            $"Niced, the devnet stands in for nodes on other machines: its CPU is what the monitor leaves (decision 1240)."));
    }

    private static async Task MeasureFloorAsync(ScenarioContext context, ScenarioResult result, ResultTable table, int rate, Plan plan, CancellationToken cancellationToken)
    {
        context.Info("   generator floor: a Kestrel endpoint that does nothing");
        await using var floor = await GeneratorFloorHost.StartAsync(cancellationToken).ConfigureAwait(false);
        var (report, window) = await MeasureAsync(context, floor.Url, rate, plan.Duration, plan.Warmup, [], cancellationToken).ConfigureAwait(false);
        AddRow(table, "none (floor)", "trivial endpoint", rate, report, window, "n/a");
        Record(result, "floor", report, window, double.NaN);
    }

    private static async Task MeasureWithDevnetAsync(
        ScenarioContext context,
        ScenarioResult result,
        ResultTable table,
        ResultTable crossings,
        DevnetPriority priority,
        int n,
        TimeSpan latency,
        TimeSpan ideal,
        Plan plan,
        RouteSweep[] routes,
        CancellationToken cancellationToken)
    {
        var label = priority == DevnetPriority.Niced ? "niced (nice 19)" : "normal priority";
        var prefix = priority == DevnetPriority.Niced ? "niced" : "normal";
        context.Info($"   devnet {label}: {n} nodes in simulator processes");
        await using var devnet = await SimulatorFleet.StartAsync(n, latency, priority, context.Log, cancellationToken).ConfigureAwait(false);

        // Poll interval below the ideal round: rounds run back to back, so every second of load overlaps a round.
        var settings = new MonitorRigSettings { PollConcurrency = Capacity, TimeoutMs = 5_000, PollMs = Math.Max(10, (int)(ideal.TotalMilliseconds / 2)) };
        await using var monitor = MonitorRig.Create(devnet.Upstreams, settings);
        var rounds = new RoundTimeline(monitor.Snapshots, context.Time);
        await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
        await rounds.WaitForAsync(2, cancellationToken).ConfigureAwait(false);

        async Task<ChildReport> Measure(RouteSweep route, int rate, TimeSpan length, string key, string kind)
        {
            var from = context.Time.GetUtcNow();
            var (report, window) = await MeasureAsync(context, new Uri(monitor.BaseAddress, route.Path), rate, length, plan.Warmup, devnet.ProcessIds, cancellationToken).ConfigureAwait(false);
            var during = rounds.Between(from, context.Time.GetUtcNow());
            var roundRatio = during.Count == 0 ? double.NaN : RoundTimeline.MedianRatio(during, ideal);
            AddRow(table, label, kind.Length == 0 ? "/" + route.Path : $"/{route.Path} ({kind})", rate, report, window, double.IsNaN(roundRatio) ? "n/a" : FigureFormat.Ratio(roundRatio));
            Record(result, $"{prefix}_{key}", report, window, roundRatio);
            return report;
        }

        foreach (var route in routes)
        {
            var first = await Measure(route, route.FirstRate, plan.Duration, route.Key, string.Empty).ConfigureAwait(false);
            if (!context.Smoke)
            {
                AddTarget(result, route, label, first);
            }

            var crossing = await CrossingSearch.FindAsync(
                new CrossingProbe(route.FirstRate, IsOver(first)),
                route.Floor,
                route.Ceiling,
                plan.Bisections,
                async rate => IsOver(await Measure(route, rate, plan.StepDuration, string.Create(CultureInfo.InvariantCulture, $"{route.Key}_sweep_{rate}"), "sweep").ConfigureAwait(false)))
                .ConfigureAwait(false);
            crossings.Add(
                label,
                "/" + route.Path,
                crossing.LastUnder is { } under ? FigureFormat.Rate(under) : string.Create(CultureInfo.InvariantCulture, $"none (over at {FigureFormat.Rate(route.Floor)})"),
                crossing.FirstOver is { } over ? FigureFormat.Rate(over) : string.Create(CultureInfo.InvariantCulture, $"none (under at {FigureFormat.Rate(route.Ceiling)})"),
                string.Join(", ", crossing.Probes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Rate:#,0}{(p.Over ? " over" : " under")}"))));
            result.Metrics[$"{prefix}_{route.Key}_p99_last_rate_under"] = crossing.LastUnder ?? double.NaN;
            result.Metrics[$"{prefix}_{route.Key}_p99_first_rate_over"] = crossing.FirstOver ?? double.NaN;
            result.Notes.Add(CrossingNote(label, route, crossing));
        }
    }

    private static async Task<(ChildReport Report, HostWindowReading Window)> MeasureAsync(
        ScenarioContext context, Uri url, int rate, TimeSpan length, TimeSpan warmup, IReadOnlyList<int> devnetProcesses, CancellationToken cancellationToken)
    {
        var run = ChildProcessLauncher.RunAsync(
            ChildEntryPoints.OpenLoop,
            new Dictionary<string, string>
            {
                [ChildEnvironment.TargetUrl] = url.ToString(),
                [ChildEnvironment.RatePerSecond] = ChildEnvironment.Of(rate),
                [ChildEnvironment.DurationMs] = ChildEnvironment.Of((int)length.TotalMilliseconds),
                [ChildEnvironment.WarmupMs] = ChildEnvironment.Of((int)warmup.TotalMilliseconds),
                [ChildEnvironment.MaxInFlight] = ChildEnvironment.Of(Connections),
                [OpenLoopChild.InlineCompletionsVariable] = "1",
            },
            context.Log,
            cancellationToken);

        // The window spans the child's start-up and warm-up too; its GC and CPU figures are rates, so that only blurs them.
        using var window = HostWindow.Start(context.Time, devnetProcesses);
        var report = ChildReport.FromJson(await run.ConfigureAwait(false));
        var reading = window.Stop();
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"   {url.AbsolutePath} at {rate}/s: p50 {report.Metric("p50_ms"):0.00} ms, p99 {report.Metric("p99_ms"):0.00} ms, achieved {report.Metric("achieved_rate"):0}/s, " +
            $"host gen0 {reading.Gen0}, GC pause {reading.GcPauseTotal.TotalMilliseconds:0.0} ms (longest {reading.GcPauseMax.TotalMilliseconds:0.00}), host {reading.HostCores:0.00} cores, devnet {reading.DevnetCores:0.00}"));
        return (report, reading);
    }

    private static bool IsOver(ChildReport report) =>
        report.Metric("p99_ms") >= Target.TotalMilliseconds || report.Metric("non2xx") + report.Metric("errors") > 0;

    private static void AddRow(ResultTable table, string devnet, string route, int rate, ChildReport report, HostWindowReading window, string roundRatio)
    {
        var generatorCores = report.Metric("generator_cpu_ms") / 1000 / (report.Metric("requests") / report.Metric("achieved_rate"));
        table.Add(
            devnet,
            route.StartsWith('/') || route.StartsWith('t') ? route : "/" + route,
            FigureFormat.Rate(rate),
            FigureFormat.Rate(report.Metric("achieved_rate")),
            FigureFormat.Ms(report.Metric("p50_ms")),
            FigureFormat.Ms(report.Metric("p99_ms")),
            FigureFormat.Ms(report.Metric("p999_ms")),
            FigureFormat.Ms(report.Metric("max_ms")),
            string.Create(CultureInfo.InvariantCulture, $"{report.Metric("non2xx"):0} / {report.Metric("errors"):0}"),
            $"{FigureFormat.Ms(report.Metric("dispatch_lag_p50_ms"))} / {FigureFormat.Ms(report.Metric("dispatch_lag_p99_ms"))}",
            string.Create(CultureInfo.InvariantCulture, $"{window.Gen0} / {FigureFormat.Ms(window.GcPauseTotal)} / {FigureFormat.Ms(window.GcPauseMax)}"),
            FigureFormat.Count(window.ThreadPoolQueueMax),
            string.Create(CultureInfo.InvariantCulture, $"{window.HostCores:0.00} / {window.DevnetCores:0.00} / {generatorCores:0.00}"),
            roundRatio);
    }

    private static void Record(ScenarioResult result, string key, ChildReport report, HostWindowReading window, double roundRatio)
    {
        foreach (var (name, value) in report.Metrics)
        {
            result.Metrics[$"{key}_{name}"] = value;
        }

        result.Metrics[$"{key}_host_gen0"] = window.Gen0;
        result.Metrics[$"{key}_host_gen1"] = window.Gen1;
        result.Metrics[$"{key}_host_gen2"] = window.Gen2;
        result.Metrics[$"{key}_host_gc_pause_ms"] = window.GcPauseTotal.TotalMilliseconds;
        result.Metrics[$"{key}_host_gc_pause_max_ms"] = window.GcPauseMax.TotalMilliseconds;
        result.Metrics[$"{key}_host_pool_queue_max"] = window.ThreadPoolQueueMax;
        result.Metrics[$"{key}_host_pool_threads_max"] = window.ThreadPoolThreadsMax;
        result.Metrics[$"{key}_host_cpu_cores"] = window.HostCores;
        result.Metrics[$"{key}_devnet_cpu_cores"] = window.DevnetCores;
        result.Metrics[$"{key}_round_ratio"] = roundRatio;
    }

    private static string CrossingNote(string devnet, RouteSweep route, Crossing crossing) => (crossing.LastUnder, crossing.FirstOver) switch
    {
        ({ } under, { } over) => $"Devnet {devnet}: /{route.Path} p99 stays under 5 ms up to {FigureFormat.Rate(under)} and passes it at {FigureFormat.Rate(over)}.",
        ({ }, null) => $"Devnet {devnet}: /{route.Path} p99 stayed under 5 ms at every rate measured, up to {FigureFormat.Rate(route.Ceiling)}.",
        (null, _) => $"Devnet {devnet}: /{route.Path} p99 was at or over 5 ms at every rate measured, down to {FigureFormat.Rate(route.Floor)}.",
    };

    private static void AddTarget(ScenarioResult result, RouteSweep route, string devnet, ChildReport report)
    {
        var p99 = report.Metric("p99_ms");
        var met = !IsOver(report);
        result.Targets.Add(new TargetCheck(
            string.Create(CultureInfo.InvariantCulture, $"/{route.Path} p99 at {route.FirstRate:#,0} requests/s (open loop), devnet {devnet}"),
            "p99 < 5 ms, no errors",
            string.Create(CultureInfo.InvariantCulture, $"p99 {p99:0.00} ms at {report.Metric("achieved_rate"):0}/s"),
            met,
            met ? null : "the generator, the host and 1000 simulated nodes share 2 cores; the crossing table gives the rate at which it passes 5 ms."));
    }

    private sealed record Plan(TimeSpan Duration, TimeSpan StepDuration, TimeSpan Warmup, int Bisections);

    private sealed record RouteSweep(string Path, int FirstRate, int Floor, int Ceiling)
    {
        public string Key => Path.Replace('/', '_');
    }
}
