using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.History;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.History;

/// <summary>
/// A week of 4 s rounds through the product's recorder, aggregator, SQLite store and pruner on a compressed clock: the
/// file size at the end of each simulated day, to show it levels off once the raw window is full (the retention plan:
/// raw rows for the raw window, then hourly rollups).
/// </summary>
internal static class SimulatedWeek
{
    /// <summary>Once the raw window is full, a day adds only rollups: the last day may be at most this much above the first full one.</summary>
    public const double FlatWithin = 1.10;

    public static async Task MeasureAsync(ScenarioContext context, ScenarioResult result, string path, CancellationToken ct)
    {
        var upstreams = context.Pick(20, 100);
        var days = context.Pick(2, 7);
        var rawDays = context.Pick(1, 2);

        // A round every 12 s keeps the full run near two minutes (each round is one SQLite transaction); the smoke pass
        // only proves the loop runs, a round a minute. Bytes per day at 4 s rounds come from the write-cost table.
        var interval = context.Pick(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(12));
        var roundsPerDay = (int)(TimeSpan.FromDays(1) / interval);
        var roundsPerHour = roundsPerDay / 24;
        var clock = new CompressedClock(HistoryWorkload.Start);
        var options = new HistoryOptions
        {
            Path = path,
            Instance = "bench",
            RawRetention = TimeSpan.FromDays(rawDays),
            RollupRetention = TimeSpan.FromDays(90),
        };
        await using var store = new SqliteHistoryStore(path, TimeSpan.FromSeconds(30), clock);
        await store.MigrateAsync(ct).ConfigureAwait(false);
        var pruner = new HistoryPruneService(store, Options.Create(options), clock, NullLogger<HistoryPruneService>.Instance);
        var aggregator = new HistoryAggregator();
        MonitorSnapshot? previous = null;
        var sizes = new List<long>(days);
        long pruned = 0;
        var started = context.Time.GetTimestamp();
        for (var day = 0; day < days; day++)
        {
            for (var r = 0; r < roundsPerDay; r++)
            {
                var n = ((long)day * roundsPerDay) + r;
                var snapshot = HistoryWorkload.Round(n, upstreams, interval);
                clock.Now = HistoryWorkload.Start + (interval * n);
                aggregator.Add(HistoryRecorder.Record(previous, snapshot));
                previous = snapshot;
                await store.WriteAsync(options.InstanceName, aggregator.TakeBatch(), ct).ConfigureAwait(false);
                if (r % roundsPerHour == roundsPerHour - 1)
                {
                    pruned += await pruner.PruneOnceAsync(ct).ConfigureAwait(false);
                }
            }

            await store.CheckpointAsync(ct).ConfigureAwait(false);
            sizes.Add(await store.SizeBytesAsync(ct).ConfigureAwait(false));
        }

        var table = new ResultTable(
            string.Create(CultureInfo.InvariantCulture, $"A simulated week: {upstreams} upstreams, 5% flapping, a round every {interval.TotalSeconds:0} s ({roundsPerDay:N0} a day), raw window {rawDays} d, pruned hourly ({context.Time.GetElapsedTime(started).TotalSeconds:0} s to simulate)"),
            "end of day", "file size", "vs the day before");
        for (var d = 0; d < sizes.Count; d++)
        {
            table.Add(
                (d + 1).ToString(CultureInfo.InvariantCulture),
                FigureFormat.Bytes(sizes[d]),
                d == 0 ? string.Empty : FigureFormat.Ratio((double)sizes[d] / sizes[d - 1]));
        }

        result.Tables.Add(table);
        result.Metrics["history_week_size_bytes"] = sizes[^1];
        result.Metrics["history_week_rows_pruned"] = pruned;

        // The first day whose end has a full raw window behind it and one pruned day before it.
        var full = Math.Min(rawDays + 1, sizes.Count) - 1;
        var growth = (double)sizes[^1] / sizes[full];
        context.Info(string.Create(CultureInfo.InvariantCulture, $"history: simulated {days} d, {FigureFormat.Bytes(sizes[^1])} at the end, {growth:0.00}× day {full + 1}"));
        if (!context.Smoke)
        {
            result.Targets.Add(new TargetCheck(
                string.Create(CultureInfo.InvariantCulture, $"history file after a simulated week (raw window {rawDays} d), vs day {full + 1}"),
                string.Create(CultureInfo.InvariantCulture, $"≤ {FlatWithin:0.00}× (flat once the raw window is full)"),
                string.Create(CultureInfo.InvariantCulture, $"{growth:0.00}× ({FigureFormat.Bytes(sizes[^1])})"),
                growth <= FlatWithin,
                growth <= FlatWithin ? null : "the file still grows after the raw window is full: pruning or VACUUM does not keep up (see the day table)."));
        }
    }

    /// <summary>Wall time moved by the simulation, not by the machine: pruning cut-offs follow the simulated rounds.</summary>
    private sealed class CompressedClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
