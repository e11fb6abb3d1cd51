using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Load;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 6: wrk against the JSON API while the host polls N = 1000 nodes; the poller must not notice.</summary>
internal sealed class ApiLoadScenario : IBenchmarkScenario
{
    private const int WrkThreads = 1;
    private const int WrkConnections = 8;

    public string Name => "api-load";

    public string Title => "6. API under load";

    public string Measures =>
        "wrk (-t1 -c8, --latency, no rate limit) against /status and then /api/upstreams for 30 s each on 127.0.0.1 while the " +
        "host polls N = 1000 nodes (C = 64, L = 100 ms): throughput, p50/p99 latency, and round times during the load. " +
        "Targets: /status p99 < 5 ms at ≥ 2,000 requests/s; rounds within 5% of ideal.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        if (!WrkRunner.IsAvailable())
        {
            throw new InvalidOperationException("wrk is not on PATH; scripts/bench.sh installs it (Debian package wrk).");
        }

        var n = context.Pick(16, 1000);
        const int capacity = 64;
        var latency = context.Pick(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
        var duration = context.Pick(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        var ideal = IdealRound.Duration(n, capacity, latency);
        await using var devnet = await DevnetRig.StartAsync(new DevnetSpec(n, latency), cancellationToken).ConfigureAwait(false);

        // Poll interval below the ideal round: rounds run back to back, so every second of load overlaps a round.
        var settings = new MonitorRigSettings { PollConcurrency = capacity, TimeoutMs = 5_000, PollMs = Math.Max(10, (int)(ideal.TotalMilliseconds / 2)) };
        await using var monitor = MonitorRig.Create(devnet.Upstreams, settings);
        var rounds = new RoundTimeline(monitor.Snapshots, context.Time);
        await monitor.StartAsync(cancellationToken).ConfigureAwait(false);
        await rounds.WaitForAsync(2, cancellationToken).ConfigureAwait(false);
        var quietFrom = context.Time.GetUtcNow();
        await rounds.WaitForAsync(rounds.Count + 2, cancellationToken).ConfigureAwait(false);
        var quiet = rounds.Between(quietFrom, context.Time.GetUtcNow());

        var table = new ResultTable(
            string.Create(CultureInfo.InvariantCulture, $"wrk -t{WrkThreads} -c{WrkConnections} -d{duration.TotalSeconds:0}s --latency; N = {n}, C = {capacity}, L = {latency.TotalMilliseconds:0} ms, ideal round {ideal.TotalMilliseconds:0} ms"),
            "route", "requests/s", "p50", "p75", "p90", "p99", "non-2xx", "socket errors", "rounds during load", "median round / ideal");
        result.Tables.Add(table);
        table.Add("(no load)", "", "", "", "", "", "", "", quiet.Count.ToString(CultureInfo.InvariantCulture), Ratio(quiet, ideal));
        result.Metrics["quiet_round_ratio"] = RoundTimeline.MedianRatio(quiet, ideal);

        var allRoundsDuringLoad = new List<double>();
        WrkResult? status = null;
        foreach (var route in new[] { "status", "api/upstreams" })
        {
            var from = context.Time.GetUtcNow();
            var wrk = await WrkRunner.RunAsync(new Uri(monitor.BaseAddress, route), WrkThreads, WrkConnections, duration, cancellationToken).ConfigureAwait(false);
            var during = rounds.Between(from, context.Time.GetUtcNow());
            allRoundsDuringLoad.AddRange(during);
            status ??= wrk;
            table.Add(
                "/" + route,
                FigureFormat.Count(wrk.RequestsPerSecond),
                FigureFormat.Ms(wrk.P50), FigureFormat.Ms(wrk.P75), FigureFormat.Ms(wrk.P90), FigureFormat.Ms(wrk.P99),
                FigureFormat.Count(wrk.Non2xx), FigureFormat.Count(wrk.SocketErrors),
                during.Count.ToString(CultureInfo.InvariantCulture),
                Ratio(during, ideal));
            var key = route.Replace('/', '_');
            result.Metrics[$"{key}_requests_per_second"] = wrk.RequestsPerSecond;
            result.Metrics[$"{key}_p50_ms"] = wrk.P50.TotalMilliseconds;
            result.Metrics[$"{key}_p99_ms"] = wrk.P99.TotalMilliseconds;
            result.Metrics[$"{key}_non2xx"] = wrk.Non2xx;
            result.Metrics[$"{key}_round_ratio"] = RoundTimeline.MedianRatio(during, ideal);
            context.Info($"   /{route}: {wrk.RequestsPerSecond:0} req/s, p99 {wrk.P99.TotalMilliseconds:0.00} ms, {during.Count} rounds");
        }

        if (status is { Non2xx: > 0 })
        {
            result.Notes.Add("/status answered non-2xx responses under load: see the table.");
        }

        result.Notes.Add("Rounds are counted when they started and finished inside the wrk run. wrk, the host and the 1000-node devnet share the same 2 cores.");
        if (!context.Smoke && status is not null)
        {
            var statusMet = status.P99 < TimeSpan.FromMilliseconds(5) && status.RequestsPerSecond >= 2_000 && status.Non2xx == 0;
            result.Targets.Add(new TargetCheck(
                "/status p99 latency at ≥ 2,000 requests/s",
                "p99 < 5 ms",
                $"p99 {FigureFormat.Ms(status.P99)} at {FigureFormat.Rate(status.RequestsPerSecond)}",
                statusMet,
                statusMet ? null : "wrk, the host and the simulated devnet compete for the same 2 cores."));
            var ratio = allRoundsDuringLoad.Count == 0 ? double.NaN : SampleSummary.Of(allRoundsDuringLoad).Median / ideal.TotalMilliseconds;
            result.Targets.Add(new TargetCheck(
                "round time during the load (median)",
                "≤ 1.05 × ideal",
                allRoundsDuringLoad.Count == 0 ? "no round finished during the load" : FigureFormat.Ratio(ratio),
                ratio <= 1.05,
                ratio <= 1.05 ? null : "unthrottled wrk saturates the CPU the poller and the 1000 simulated nodes share."));
        }
    }

    private static string Ratio(List<double> roundsMs, TimeSpan ideal) =>
        roundsMs.Count == 0 ? "n/a" : FigureFormat.Ratio(RoundTimeline.MedianRatio(roundsMs, ideal));
}
