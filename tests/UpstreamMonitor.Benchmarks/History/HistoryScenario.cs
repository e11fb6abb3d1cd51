using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.History;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.History;

/// <summary>
/// The <c>history</c> scenario: write cost per round at N = 1000 (CPU, wall, bytes on disk per day at 4 s rounds with
/// 5% flapping), p95 of the 24 h finality chart and the 30 d uptime of 1000 upstreams on SQLite, and the ADO.NET vs
/// Dapper comparison behind decision 1000.
/// </summary>
internal sealed class HistoryScenario : IBenchmarkScenario
{
    private const string Instance = "bench";

    public string Name => "history";

    public string Title => "History store (SQLite)";

    public string Measures =>
        "Recorder + aggregator + one SQLite transaction per round for a 1000-upstream fleet with 5% flapping (CPU ms and " +
        "wall per round, bytes on disk extrapolated to a day of 4 s rounds); p95 of the 24 h finality and 30 d uptime " +
        "queries over a store holding 30 days of rollups; the real host's round time with history on vs off, " +
        "interleaved in one run; the file size through a simulated week with pruning; BenchmarkDotNet ADO.NET vs " +
        "Dapper on the same statements.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var folder = Path.Combine(Path.GetTempPath(), "um-bench-history-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await MeasureWritesAsync(context, result, Path.Combine(folder, "write.db"), cancellationToken).ConfigureAwait(false);
            context.Info("history: queries over 30 days of rollups");
            await MeasureQueriesAsync(context, result, Path.Combine(folder, "query.db"), cancellationToken).ConfigureAwait(false);
            context.Info("history: round time with history off and on");
            await HistoryRoundOverhead.MeasureAsync(context, result, folder, cancellationToken).ConfigureAwait(false);
            context.Info("history: a simulated week");
            await SimulatedWeek.MeasureAsync(context, result, Path.Combine(folder, "week.db"), cancellationToken).ConfigureAwait(false);
            if (context.Smoke)
            {
                // The comparison refills 30 days of rows in its own set-up (minutes): the full run keeps it, the smoke
                // pass has already proven the same store and queries above.
                result.Notes.Add("Smoke pass: the ADO.NET vs Dapper comparison runs in the full suite only.");
            }
            else
            {
                CompareAccessLayers(context, result, cancellationToken);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task MeasureWritesAsync(ScenarioContext context, ScenarioResult result, string path, CancellationToken ct)
    {
        var rounds = context.Pick(60, 900);
        await using var store = new SqliteHistoryStore(path, TimeSpan.FromSeconds(30), TimeProvider.System);
        await store.MigrateAsync(ct).ConfigureAwait(false);
        var aggregator = new HistoryAggregator();
        MonitorSnapshot? previous = null;
        var snapshots = Enumerable.Range(1, rounds).Select(n => HistoryWorkload.Round(n)).ToArray();
        await store.CheckpointAsync(ct).ConfigureAwait(false);
        var sizeBefore = await store.SizeBytesAsync(ct).ConfigureAwait(false);
        var wall = new List<double>(rounds);
        long rows = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var snapshot in snapshots)
        {
            var started = Stopwatch.GetTimestamp();
            aggregator.Add(HistoryRecorder.Record(previous, snapshot));
            previous = snapshot;
            var batch = aggregator.TakeBatch();
            rows += batch.RowCount;
            await store.WriteAsync(Instance, batch, ct).ConfigureAwait(false);
            wall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / rounds;
        await store.CheckpointAsync(ct).ConfigureAwait(false);
        var bytes = await store.SizeBytesAsync(ct).ConfigureAwait(false) - sizeBefore;
        var roundsPerDay = TimeSpan.FromDays(1) / HistoryWorkload.RoundInterval;
        var perDay = bytes * roundsPerDay / rounds;
        var summary = Percentiles.Of(wall);

        var table = new ResultTable($"Write cost per round, N = {HistoryWorkload.Upstreams}, 5% flapping, {rounds} rounds", "figure", "value");
        table.Add("CPU per round (recorder + aggregator + write, whole process)", Ms(cpuMs));
        table.Add("wall per round p50 / p95", $"{Ms(summary.P50)} / {Ms(summary.P95)}");
        table.Add("rows per round", (rows / (double)rounds).ToString("0.#", CultureInfo.InvariantCulture));
        table.Add($"bytes on disk for {rounds} rounds", FigureFormat.Bytes(bytes));
        table.Add("bytes on disk per day (extrapolated, 21,600 rounds)", FigureFormat.Bytes((long)perDay));
        result.Tables.Add(table);
        result.Metrics["history_write_cpu_ms_per_round"] = cpuMs;
        result.Metrics["history_write_wall_ms_p95"] = summary.P95;
        result.Metrics["history_bytes_per_day"] = perDay;
        result.Metrics["history_rows_per_round"] = rows / (double)rounds;
        context.Info($"history: write {Ms(cpuMs)} CPU/round, {FigureFormat.Bytes((long)perDay)}/day");
    }

    private static async Task MeasureQueriesAsync(ScenarioContext context, ScenarioResult result, string path, CancellationToken ct)
    {
        await using var store = new SqliteHistoryStore(path, TimeSpan.FromSeconds(30), TimeProvider.System);
        await store.MigrateAsync(ct).ConfigureAwait(false);
        // The smoke pass fills 3 days (it proves the queries run; the 30-day figures come from the full run).
        var days = context.Pick(3, 30);
        var end = HistoryWorkload.Start + TimeSpan.FromDays(30);
        await HistoryWorkload.FillAsync(store, Instance, end, ct, days).ConfigureAwait(false);
        await store.CheckpointAsync(ct).ConfigureAwait(false);
        var endMs = end.ToUnixTimeMilliseconds();
        var runs = context.Pick(5, 40);
        var uptime = new List<double>(runs);
        var finality = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var rows = await store.UptimeAsync(Instance, endMs - (long)TimeSpan.FromDays(30).TotalMilliseconds, 5000, ct).ConfigureAwait(false);
            uptime.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (rows.Count != HistoryWorkload.Upstreams)
            {
                throw new InvalidOperationException($"uptime returned {rows.Count} rows, expected {HistoryWorkload.Upstreams}");
            }

            started = Stopwatch.GetTimestamp();
            await store.FinalityAsync(Instance, endMs - (long)TimeSpan.FromDays(1).TotalMilliseconds, endMs, 360, ct).ConfigureAwait(false);
            finality.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var up = Percentiles.Of(uptime);
        var fin = Percentiles.Of(finality);
        var size = await store.SizeBytesAsync(ct).ConfigureAwait(false);
        var table = new ResultTable($"Queries on SQLite ({runs} runs; {days * 24 * HistoryWorkload.Upstreams:N0} hourly rows, 21,600 rounds, {FigureFormat.Bytes(size)} file)", "query", "p50", "p95");
        table.Add("30 d uptime of 1000 upstreams", Ms(up.P50), Ms(up.P95));
        table.Add("24 h finality chart (360 points)", Ms(fin.P50), Ms(fin.P95));
        result.Tables.Add(table);
        result.Metrics["history_uptime_30d_p95_ms"] = up.P95;
        result.Metrics["history_finality_24h_p95_ms"] = fin.P95;
        result.Targets.Add(new TargetCheck("30 d uptime of 1000 upstreams (SQLite)", "p95 < 50 ms", Ms(up.P95), up.P95 < 50, up.P95 < 50 ? null : "the hourly rollup query is slower than its index allows: a regression (see p50 beside it)."));
        result.Targets.Add(new TargetCheck("24 h finality chart (SQLite)", "p95 < 50 ms", Ms(fin.P95), fin.P95 < 50, fin.P95 < 50 ? null : "the finality chart query is slower than its index allows: a regression (see p50 beside it)."));
    }

    private static void CompareAccessLayers(ScenarioContext context, ScenarioResult result, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var job = (context.Smoke ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(NullLogger.Instance)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "um-bench-bdn"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<HistoryStoreBenchmarks>(config);
        var table = new ResultTable("ADO.NET vs Dapper (BenchmarkDotNet, in process)", "benchmark", "mean", "allocated / op");
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            if (!report.Success || report.ResultStatistics is null)
            {
                throw new InvalidOperationException($"BenchmarkDotNet could not run '{name}'.");
            }

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            table.Add(name, Ms(report.ResultStatistics.Mean / 1_000_000), FigureFormat.Bytes(allocated));
            result.Metrics[$"history_{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}_mean_ns"] = report.ResultStatistics.Mean;
            result.Metrics[$"history_{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}_allocated_bytes"] = allocated;
        }

        result.Tables.Add(table);
    }

    /// <summary>Nearest-rank p50 and p95 (the issue's targets are p95, which <c>SampleSummary</c> does not keep).</summary>
    private sealed record Percentiles(double P50, double P95)
    {
        public static Percentiles Of(List<double> samples)
        {
            var sorted = samples.Order().ToArray();
            return new Percentiles(Rank(sorted, 0.50), Rank(sorted, 0.95));
        }

        private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Ms(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms:0.###} ms");
}
