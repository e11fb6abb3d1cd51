using System.Data.Common;
using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.Data.Sqlite;
using UpstreamMonitor.History;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.History;

/// <summary>
/// Decision 1000: plain ADO.NET (what the store uses) against Dapper on the same SQLite schema, for the per-round
/// batch write at N = 1000 with 5% flapping and the two heavy queries (30 d uptime of 1000 upstreams, 24 h finality).
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: the store is disposed in [GlobalCleanup].
public class HistoryStoreBenchmarks
#pragma warning restore CA1001
{
    private const string Instance = "bench";
    private string _folder = string.Empty;
    private SqliteHistoryStore _store = null!;
    private HistoryWriteBatch _batch = null!;
    private string _connectionString = string.Empty;
    private long _fromMs;
    private long _toMs;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "um-bench-history-" + Guid.NewGuid().ToString("N")[..8]);
        var path = Path.Combine(_folder, "history.db");
        _store = new SqliteHistoryStore(path, TimeSpan.FromSeconds(30), TimeProvider.System);
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        var end = HistoryWorkload.Start + TimeSpan.FromDays(30);
        HistoryWorkload.FillAsync(_store, Instance, end, CancellationToken.None).GetAwaiter().GetResult();
        _toMs = end.ToUnixTimeMilliseconds();
        _fromMs = _toMs - (long)TimeSpan.FromDays(1).TotalMilliseconds;

        var aggregator = new HistoryAggregator();
        MonitorSnapshot? previous = HistoryWorkload.Round(1);
        aggregator.Add(HistoryRecorder.Record(null, previous));
        aggregator.TakeBatch();
        var next = HistoryWorkload.Round(2);
        aggregator.Add(HistoryRecorder.Record(previous, next));
        _batch = aggregator.TakeBatch();
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "round batch write, ADO.NET (1000 upstreams, 5% flapping)")]
    public Task WriteAdo() => _store.WriteAsync(Instance, _batch, CancellationToken.None);

    [Benchmark(Description = "round batch write, Dapper (same rows)")]
    public async Task WriteDapper()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using DbTransaction transaction = await connection.BeginTransactionAsync();
        var r = _batch.Rounds[0];
        await connection.ExecuteAsync(
            "INSERT INTO rounds (instance, at_ms, round, duration_ms, budget_ms, dispatched, completed, failed, abandoned, skipped, finalized_slot, finalized_root, finalized_votes, justified_slot, justified_root, justified_votes, head_slot, head_root, head_votes, consensus) VALUES (@Instance, @AtMs, @Round, @DurationMs, @BudgetMs, @Dispatched, @Completed, @Failed, @Abandoned, @Skipped, @Fs, @Fr, @Fv, @Js, @Jr, @Jv, @Hs, @Hr, @Hv, @Consensus)",
            new { Instance, r.AtMs, r.Round, r.DurationMs, r.BudgetMs, r.Dispatched, r.Completed, r.Failed, r.Abandoned, r.Skipped, Fs = r.Finalized?.Slot, Fr = r.Finalized?.Root, Fv = r.Finalized?.Votes, Js = r.Justified?.Slot, Jr = r.Justified?.Root, Jv = r.Justified?.Votes, Hs = r.Head?.Slot, Hr = r.Head?.Root, Hv = r.Head?.Votes, Consensus = r.HasConsensus ? 1 : 0 },
            transaction);
        var changes = _batch.Changes.Select(u => new { Instance, u.Upstream, u.AtMs, u.Round, u.State, u.Error, u.HeadSlot, u.JustifiedSlot, u.FinalizedSlot, u.HeadLag, InConsensus = u.InConsensus ? 1 : 0, u.ForkRoot, Changed = (long)u.Changed, u.LastSuccessMs, u.ErrorsTotal }).ToArray();
        await connection.ExecuteAsync(
            "INSERT INTO upstream_changes (instance, upstream, at_ms, round, state, error, head_slot, justified_slot, finalized_slot, head_lag, in_consensus, fork_root, changed) VALUES (@Instance, @Upstream, @AtMs, @Round, @State, @Error, @HeadSlot, @JustifiedSlot, @FinalizedSlot, @HeadLag, @InConsensus, @ForkRoot, @Changed)",
            changes,
            transaction);
        await connection.ExecuteAsync(
            "INSERT INTO upstream_last (instance, upstream, at_ms, round, state, error, head_slot, justified_slot, finalized_slot, head_lag, in_consensus, fork_root, changed, last_success_ms, errors_total) VALUES (@Instance, @Upstream, @AtMs, @Round, @State, @Error, @HeadSlot, @JustifiedSlot, @FinalizedSlot, @HeadLag, @InConsensus, @ForkRoot, @Changed, @LastSuccessMs, @ErrorsTotal) ON CONFLICT (instance, upstream) DO UPDATE SET at_ms = excluded.at_ms, round = excluded.round, state = excluded.state, error = excluded.error, head_slot = excluded.head_slot, justified_slot = excluded.justified_slot, finalized_slot = excluded.finalized_slot, head_lag = excluded.head_lag, in_consensus = excluded.in_consensus, fork_root = excluded.fork_root, changed = excluded.changed, last_success_ms = excluded.last_success_ms, errors_total = excluded.errors_total",
            changes,
            transaction);
        await connection.ExecuteAsync(
            "INSERT INTO chain_events (instance, at_ms, kind, slot, root, previous_slot) VALUES (@Instance, @AtMs, @Kind, @Slot, @Root, @PreviousSlot)",
            _batch.Events.Select(e => new { Instance, e.AtMs, e.Kind, e.Slot, e.Root, e.PreviousSlot }).ToArray(),
            transaction);
        await transaction.CommitAsync();
    }

    [Benchmark(Description = "uptime 30 d of 1000 upstreams, ADO.NET")]
    public async Task<int> UptimeAdo() => (await _store.UptimeAsync(Instance, _toMs - (long)TimeSpan.FromDays(30).TotalMilliseconds, 5000, CancellationToken.None)).Count;

    [Benchmark(Description = "uptime 30 d of 1000 upstreams, Dapper")]
    public async Task<int> UptimeDapper()
    {
        await using var connection = new SqliteConnection(_connectionString);
        var from = _toMs - (long)TimeSpan.FromDays(30).TotalMilliseconds;
        var rows = await connection.QueryAsync<(string Upstream, long Rounds, long Ok)>(
            "SELECT upstream, SUM(rounds), SUM(ok_rounds) FROM upstream_hours WHERE instance = @Instance AND hour_ms >= @From GROUP BY upstream ORDER BY upstream LIMIT 5000",
            new { Instance, From = from - (from % 3_600_000) });
        return rows.Count();
    }

    [Benchmark(Description = "finality 24 h (360 points), ADO.NET")]
    public async Task<int> FinalityAdo() => (await _store.FinalityAsync(Instance, _fromMs, _toMs, 360, CancellationToken.None)).Count;

    [Benchmark(Description = "finality 24 h (360 points), Dapper")]
    public async Task<int> FinalityDapper()
    {
        await using var connection = new SqliteConnection(_connectionString);
        var bucket = (_toMs - _fromMs + 359) / 360;
        var rows = await connection.QueryAsync<(long B, long At, long? F, long? J, long? H)>(
            "SELECT (at_ms - @From) / @Bucket AS b, MAX(at_ms), MAX(finalized_slot), MAX(justified_slot), MAX(head_slot) FROM rounds WHERE instance = @Instance AND at_ms >= @From AND at_ms < @To GROUP BY (at_ms - @From) / @Bucket ORDER BY 1",
            new { Instance, From = _fromMs, To = _toMs, Bucket = bucket });
        return rows.Count();
    }
}
