using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>
/// Scenario 6b: the JSON API's latency at a fixed arrival rate (open loop, corrected for coordinated omission) while
/// the host polls N = 1000 nodes, and the rate at which /status's p99 crosses 5 ms.
/// </summary>
internal sealed class ApiLatencyScenario : IBenchmarkScenario
{
    private const int MaxInFlight = 64;
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(5);

    public string Name => "api-latency";

    public string Title => "6b. API latency at a fixed request rate (open loop)";

    public string Measures =>
        "An open-loop generator (a child process: one request every 1/rate s whether or not earlier ones answered, latency " +
        "from each request's intended start, log-linear histogram to 0.2%) against /status at 2,000 requests/s and " +
        "/api/upstreams (1,000 rows) at 200 requests/s, 20 s each, while the host polls N = 1000 nodes (C = 64, L = 100 ms); " +
        "then /status at rising rates, 10 s each, until its p99 passes 5 ms. Target: p99 < 5 ms at those rates.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var n = context.Pick(16, 1000);
        const int capacity = 64;
        var latency = context.Pick(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
        var duration = context.Pick(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        var stepDuration = context.Pick(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        int[] sweep = context.Smoke ? [200, 400] : [1_000, 2_000, 3_000, 4_000, 6_000, 8_000, 12_000];
        var ideal = IdealRound.Duration(n, capacity, latency);
        await using var devnet = await DevnetRig.StartAsync(new DevnetSpec(n, latency), cancellationToken).ConfigureAwait(false);

        // Poll interval below the ideal round: rounds run back to back, so every second of load overlaps a round.
        var settings = new MonitorRigSettings { PollConcurrency = capacity, TimeoutMs = 5_000, PollMs = Math.Max(10, (int)(ideal.TotalMilliseconds / 2)) };
        await using var monitor = MonitorRig.Create(devnet.Upstreams, settings);
        var rounds = new RoundTimeline(monitor.Snapshots, context.Time);
        await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
        await rounds.WaitForAsync(2, cancellationToken).ConfigureAwait(false);

        var table = new ResultTable(
            string.Create(CultureInfo.InvariantCulture, $"open loop, up to {MaxInFlight} connections; N = {n}, C = {capacity}, L = {latency.TotalMilliseconds:0} ms, ideal round {ideal.TotalMilliseconds:0} ms"),
            "route", "target rate", "achieved", "p50", "p90", "p99", "p99.9", "max", "non-2xx / errors", "dispatch lag p99", "median round / ideal");
        result.Tables.Add(table);

        async Task<ChildReport> Measure(string route, int rate, TimeSpan length, string key)
        {
            var from = context.Time.GetUtcNow();
            var report = ChildReport.FromJson(await ChildProcessLauncher.RunAsync(
                ChildEntryPoints.OpenLoop,
                new Dictionary<string, string>
                {
                    [ChildEnvironment.TargetUrl] = new Uri(monitor.BaseAddress, route).ToString(),
                    [ChildEnvironment.RatePerSecond] = ChildEnvironment.Of(rate),
                    [ChildEnvironment.DurationMs] = ChildEnvironment.Of((int)length.TotalMilliseconds),
                    [ChildEnvironment.MaxInFlight] = ChildEnvironment.Of(MaxInFlight),
                },
                context.Log,
                cancellationToken).ConfigureAwait(false));
            var during = rounds.Between(from, context.Time.GetUtcNow());
            table.Add(
                "/" + route,
                FigureFormat.Rate(rate),
                FigureFormat.Rate(report.Metric("achieved_rate")),
                FigureFormat.Ms(report.Metric("p50_ms")),
                FigureFormat.Ms(report.Metric("p90_ms")),
                FigureFormat.Ms(report.Metric("p99_ms")),
                FigureFormat.Ms(report.Metric("p999_ms")),
                FigureFormat.Ms(report.Metric("max_ms")),
                string.Create(CultureInfo.InvariantCulture, $"{report.Metric("non2xx"):0} / {report.Metric("errors"):0}"),
                FigureFormat.Ms(report.Metric("dispatch_lag_p99_ms")),
                during.Count == 0 ? "n/a" : FigureFormat.Ratio(RoundTimeline.MedianRatio(during, ideal)));
            foreach (var (name, value) in report.Metrics)
            {
                result.Metrics[$"{key}_{name}"] = value;
            }

            result.Metrics[$"{key}_round_ratio"] = RoundTimeline.MedianRatio(during, ideal);
            context.Info($"   /{route} at {rate}/s: p99 {report.Metric("p99_ms"):0.00} ms, achieved {report.Metric("achieved_rate"):0}/s, {during.Count} rounds");
            return report;
        }

        var statusRate = context.Pick(200, 2_000);
        var upstreamsRate = context.Pick(50, 200);
        var status = await Measure("status", statusRate, duration, "status").ConfigureAwait(false);
        var upstreams = await Measure("api/upstreams", upstreamsRate, duration, "api_upstreams").ConfigureAwait(false);

        int? crossing = null;
        var lastBelow = 0;
        foreach (var rate in sweep)
        {
            var step = await Measure("status", rate, stepDuration, string.Create(CultureInfo.InvariantCulture, $"sweep_{rate}")).ConfigureAwait(false);
            if (step.Metric("p99_ms") >= Target.TotalMilliseconds || step.Metric("non2xx") + step.Metric("errors") > 0)
            {
                crossing = rate;
                break;
            }

            lastBelow = rate;
        }

        result.Metrics["status_p99_crossing_rate"] = crossing ?? double.NaN;
        result.Metrics["status_p99_last_rate_below"] = lastBelow;
        result.Notes.Add((crossing, lastBelow) switch
        {
            (null, _) => $"/status p99 stayed under 5 ms at every rate of the sweep, up to {FigureFormat.Rate(sweep[^1])}.",
            ({ } at, 0) => $"/status p99 was at or above 5 ms already at the sweep's first rate, {FigureFormat.Rate(at)}.",
            ({ } at, _) => $"/status p99 stayed under 5 ms up to {FigureFormat.Rate(lastBelow)} and passed it at {FigureFormat.Rate(at)} (the sweep rows).",
        });
        result.Notes.Add("Latency counts from each request's intended start, so waiting for a connection or for a late timer tick counts against the server; the dispatch-lag column is the generator's own share (timers tick at about 1 ms).");
        result.Notes.Add("The generator, the host and the simulated devnet share the same 2 cores.");

        if (!context.Smoke)
        {
            AddTarget(result, "/status p99 at 2,000 requests/s (open loop)", status);
            AddTarget(result, "/api/upstreams (1,000 rows) p99 at 200 requests/s (open loop)", upstreams);
        }
    }

    private static void AddTarget(ScenarioResult result, string name, ChildReport report)
    {
        var p99 = report.Metric("p99_ms");
        var clean = report.Metric("non2xx") + report.Metric("errors") == 0;
        var met = p99 < Target.TotalMilliseconds && clean;
        result.Targets.Add(new TargetCheck(
            name,
            "p99 < 5 ms, no errors",
            string.Create(CultureInfo.InvariantCulture, $"p99 {p99:0.00} ms at {report.Metric("achieved_rate"):0}/s"),
            met,
            met ? null : "the generator, the host and 1000 simulated nodes share 2 cores; see the sweep for the rate at which it passes 5 ms."));
    }
}
