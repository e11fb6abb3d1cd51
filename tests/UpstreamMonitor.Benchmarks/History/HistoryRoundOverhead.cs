using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.History;

/// <summary>
/// The real host polling the simulated devnet with history off and on (SQLite), interleaved off / on / off / on in one
/// run so drift on a shared machine lands on both: the poll round's time with the writer working beside it.
/// </summary>
internal static class HistoryRoundOverhead
{
    public const double Target = 1.02;

    public static async Task MeasureAsync(ScenarioContext context, ScenarioResult result, string folder, CancellationToken ct)
    {
        var n = context.Pick(64, 1000);
        var c = context.Pick(16, 64);
        var latency = context.Pick(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
        var rounds = context.Pick(3, 8);
        var pairs = context.Pick(1, 2);
        var ideal = IdealRound.Duration(n, c, latency);

        // Rounds back to back with room to spare, so each mode gets the same cadence and the writer has time to work.
        var pollMs = (int)(ideal.TotalMilliseconds * 1.5) + 200;
        await using var devnet = await DevnetRig.StartAsync(new DevnetSpec(n, latency), ct).ConfigureAwait(false);
        var off = new List<double>();
        var on = new List<double>();
        for (var p = 0; p < pairs; p++)
        {
            var settings = new MonitorRigSettings { PollConcurrency = c, TimeoutMs = 5_000, PollMs = pollMs };
            off.AddRange(await WarmRoundsAsync(devnet, settings, rounds, ct).ConfigureAwait(false));
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"overhead-{p}.db"));
            on.AddRange(await WarmRoundsAsync(devnet, settings with { HistoryPath = path }, rounds, ct).ConfigureAwait(false));
        }

        var offSummary = SampleSummary.Of(off);
        var onSummary = SampleSummary.Of(on);
        var ratio = onSummary.Median / offSummary.Median;
        var table = new ResultTable(
            string.Create(CultureInfo.InvariantCulture, $"Round time with history off and on, N = {n}, C = {c}, L = {FigureFormat.Ms(latency)} ({pairs} × {rounds} warm rounds each, interleaved)"),
            "history", "median", "min", "max", "median / ideal");
        table.Add("off", FigureFormat.Ms(offSummary.Median), FigureFormat.Ms(offSummary.Min), FigureFormat.Ms(offSummary.Max), FigureFormat.Ratio(offSummary.Median / ideal.TotalMilliseconds));
        table.Add("on (SQLite)", FigureFormat.Ms(onSummary.Median), FigureFormat.Ms(onSummary.Min), FigureFormat.Ms(onSummary.Max), FigureFormat.Ratio(onSummary.Median / ideal.TotalMilliseconds));
        table.Add("on / off", FigureFormat.Ratio(ratio), string.Empty, string.Empty, string.Empty);
        result.Tables.Add(table);
        result.Metrics["history_round_off_median_ms"] = offSummary.Median;
        result.Metrics["history_round_on_median_ms"] = onSummary.Median;
        result.Metrics["history_round_on_off_ratio"] = ratio;
        context.Info(string.Create(CultureInfo.InvariantCulture, $"history: round median off {offSummary.Median:0} ms, on {onSummary.Median:0} ms, {ratio:0.000}×"));
        result.Targets.Add(new TargetCheck(
            string.Create(CultureInfo.InvariantCulture, $"round time with history on / off (N = {n}, C = {c})"),
            string.Create(CultureInfo.InvariantCulture, $"≤ {Target:0.00}×"),
            FigureFormat.Ratio(ratio),
            ratio <= Target,
            ratio <= Target ? null : "the writer shares the 2 cores with the poller and the simulated nodes."));
    }

    private static async Task<List<double>> WarmRoundsAsync(DevnetRig devnet, MonitorRigSettings settings, int rounds, CancellationToken ct)
    {
        await using var monitor = MonitorRig.Create(devnet.Upstreams, settings);
        var timeline = new RoundTimeline(monitor.Snapshots, TimeProvider.System);
        await monitor.StartAsync(ct).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        await timeline.WaitForAsync(rounds + 1, deadline.Token).ConfigureAwait(false);

        // The first round opens every connection (and migrates the store): left out, as in round-overhead.
        return [.. timeline.Between(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Skip(1).Take(rounds)];
    }
}
