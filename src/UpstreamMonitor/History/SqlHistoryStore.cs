using System.Data;
using System.Data.Common;

namespace UpstreamMonitor.History;

/// <summary>
/// The SQL both backends share (plain ADO.NET, decision 1000): one writer at a time, one transaction per batch, a
/// reused command per table, keyset paging by row id. Subclasses supply connections and the few dialect differences.
/// </summary>
internal abstract class SqlHistoryStore : IHistoryStore, IAsyncDisposable
{
    private const long HourMs = 3_600_000;
    private const long DayMs = 86_400_000;

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly TimeProvider _timeProvider;

    protected SqlHistoryStore(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public abstract string Display { get; }

    /// <summary>Column definition of a table's auto-increment primary key.</summary>
    protected abstract string IdColumn { get; }

    /// <summary>Scalar smaller-of-two function (<c>min</c> in SQLite, <c>LEAST</c> in PostgreSQL).</summary>
    protected abstract string Least { get; }

    protected abstract string Greatest { get; }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Serialises concurrent migrations (several monitors starting on one database).</summary>
    protected virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task BeforeMigrateAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<long> SizeBytesAsync(CancellationToken cancellationToken);

    /// <summary>Called after a failed operation, so the next one starts from fresh connections.</summary>
    protected virtual void OnFailure(DbConnection? connection)
    {
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
            await BeforeMigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS history_migrations (version BIGINT NOT NULL PRIMARY KEY, applied_ms BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
            var applied = new HashSet<long>();
            await using (var read = Command(connection, transaction, "SELECT version FROM history_migrations"))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(reader.GetInt64(0));
                }
            }

            foreach (var (version, statements) in HistorySchema.Migrations(IdColumn))
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                foreach (var statement in statements)
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                }

                await using var record = Command(connection, transaction, "INSERT INTO history_migrations (version, applied_ms) VALUES (@v, @at)");
                Add(record, "@v", DbType.Int64, (long)version);
                Add(record, "@at", DbType.Int64, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            OnFailure(null);
            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT COALESCE(MAX(version), 0) FROM history_migrations");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task WriteAsync(string instance, HistoryWriteBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await new BatchWriter(this, connection, transaction, instance).WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            OnFailure(null);
            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<int> PruneAsync(string instance, long rawBeforeMs, long rollupBeforeMs, int batchSize, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
            var deleted = 0;
            foreach (var (table, column) in HistorySchema.RawTables)
            {
                deleted += await DeleteOlderAsync(connection, table, column, instance, rawBeforeMs, batchSize, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (table, column) in HistorySchema.RollupTables)
            {
                deleted += await DeleteOlderAsync(connection, table, column, instance, rollupBeforeMs, batchSize, cancellationToken).ConfigureAwait(false);
            }

            return deleted;
        }
        catch
        {
            OnFailure(null);
            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    public Task<HistoryPage<RoundRecord>> RoundsAsync(string instance, HistoryRange range, CancellationToken cancellationToken) =>
        PageAsync(
            "SELECT id, at_ms, round, duration_ms, budget_ms, dispatched, completed, failed, abandoned, skipped, finalized_slot, finalized_root, finalized_votes, justified_slot, justified_root, justified_votes, head_slot, head_root, head_votes, consensus FROM rounds WHERE instance = @i AND at_ms >= @from AND at_ms < @to AND id > @after ORDER BY id LIMIT @limit",
            instance,
            range,
            null,
            reader => new RoundRecord(
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                Int(reader, 5),
                Int(reader, 6),
                Int(reader, 7),
                Int(reader, 8),
                Int(reader, 9),
                Checkpoint(reader, 10),
                Checkpoint(reader, 13),
                Checkpoint(reader, 16),
                reader.GetInt64(19) != 0),
            cancellationToken);

    public Task<HistoryPage<UpstreamChange>> UpstreamChangesAsync(string instance, string upstream, HistoryRange range, CancellationToken cancellationToken) =>
        PageAsync(
            "SELECT id, upstream, at_ms, round, state, error, head_slot, justified_slot, finalized_slot, head_lag, in_consensus, fork_root, changed FROM upstream_changes WHERE instance = @i AND upstream = @u AND at_ms >= @from AND at_ms < @to AND id > @after ORDER BY id LIMIT @limit",
            instance,
            range,
            command => Add(command, "@u", DbType.String, upstream),
            reader => ReadChange(reader, 1, null, 0),
            cancellationToken);

    public Task<HistoryPage<LatencyMinute>> LatencyAsync(string instance, string upstream, HistoryRange range, CancellationToken cancellationToken) =>
        PageAsync(
            "SELECT id, upstream, minute_ms, min_ms, median_ms, max_ms, samples FROM latency_minutes WHERE instance = @i AND upstream = @u AND minute_ms >= @from AND minute_ms < @to AND id > @after ORDER BY id LIMIT @limit",
            instance,
            range,
            command => Add(command, "@u", DbType.String, upstream),
            reader => new LatencyMinute(reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), Int(reader, 6)),
            cancellationToken);

    public Task<HistoryPage<ChainEvent>> EventsAsync(string instance, string? kind, HistoryRange range, CancellationToken cancellationToken) =>
        PageAsync(
            "SELECT id, at_ms, kind, slot, root, previous_slot FROM chain_events WHERE instance = @i AND at_ms >= @from AND at_ms < @to AND id > @after"
                + (kind is null ? string.Empty : " AND kind = @k") + " ORDER BY id LIMIT @limit",
            instance,
            range,
            kind is null ? null : command => Add(command, "@k", DbType.String, kind),
            reader => new ChainEvent(reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), NullableString(reader, 4), NullableLong(reader, 5)),
            cancellationToken);

    public Task<HistoryPage<AlertHistoryEvent>> AlertEventsAsync(string instance, string? kind, HistoryRange range, CancellationToken cancellationToken) =>
        PageAsync(
            "SELECT id, at_ms, transition, alert_id, kind, severity, summary, upstreams, slot, root FROM alert_events WHERE instance = @i AND at_ms >= @from AND at_ms < @to AND id > @after"
                + (kind is null ? string.Empty : " AND kind = @k") + " ORDER BY id LIMIT @limit",
            instance,
            range,
            kind is null ? null : command => Add(command, "@k", DbType.String, kind),
            reader => ReadAlert(reader, 1),
            cancellationToken);

    public async Task<HistoryTimeline> TimelineAsync(string instance, long fromMs, long toMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
        var alerts = new List<AlertHistoryEvent>();
        await using (var command = Command(connection, null, "SELECT id, at_ms, transition, alert_id, kind, severity, summary, upstreams, slot, root FROM alert_events WHERE instance = @i AND at_ms >= @from AND at_ms < @to ORDER BY at_ms DESC, id DESC LIMIT @limit"))
        {
            BindWindow(command, instance, fromMs, toMs, limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                alerts.Add(ReadAlert(reader, 1));
            }
        }

        var transitions = new List<UpstreamChange>();
        // Only rows whose state changed (UpstreamChangeKind.State); the (instance, at_ms) index is read backwards.
        await using (var command = Command(connection, null, "SELECT id, upstream, at_ms, round, state, error, head_slot, justified_slot, finalized_slot, head_lag, in_consensus, fork_root, changed FROM upstream_changes WHERE instance = @i AND at_ms >= @from AND at_ms < @to AND (changed & 2) <> 0 ORDER BY at_ms DESC, id DESC LIMIT @limit"))
        {
            BindWindow(command, instance, fromMs, toMs, limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                transitions.Add(ReadChange(reader, 1, null, 0));
            }
        }

        return new HistoryTimeline(alerts, transitions);
    }

    public async Task<IReadOnlyList<UptimeRow>> UptimeAsync(string instance, long fromMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
        // Whole days from the day counters, the hours before the first whole day from the hour counters.
        var fromHour = fromMs - (fromMs % HourMs);
        var firstDay = fromHour % DayMs == 0 ? fromHour : fromHour - (fromHour % DayMs) + DayMs;
        await using var command = Command(connection, null, "SELECT upstream, SUM(r), SUM(o) FROM (SELECT upstream, rounds AS r, ok_rounds AS o FROM upstream_days WHERE instance = @i AND day_ms >= @day UNION ALL SELECT upstream, rounds, ok_rounds FROM upstream_hours WHERE instance = @i AND hour_ms >= @from AND hour_ms < @day) t GROUP BY upstream ORDER BY upstream LIMIT @limit");
        Add(command, "@i", DbType.String, instance);
        Add(command, "@from", DbType.Int64, fromHour);
        Add(command, "@day", DbType.Int64, firstDay);
        Add(command, "@limit", DbType.Int64, (long)limit);
        var rows = new List<UptimeRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new UptimeRow(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<UptimeHourRow>> HourlyUptimeAsync(string instance, long fromMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
        // The covering index (instance, hour_ms, upstream, rounds, ok_rounds) answers this without the table.
        await using var command = Command(connection, null, "SELECT upstream, hour_ms, rounds, ok_rounds FROM upstream_hours WHERE instance = @i AND hour_ms >= @from ORDER BY upstream, hour_ms LIMIT @limit");
        Add(command, "@i", DbType.String, instance);
        Add(command, "@from", DbType.Int64, fromMs - (fromMs % HourMs));
        Add(command, "@limit", DbType.Int64, (long)limit);
        var rows = new List<UptimeHourRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new UptimeHourRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<FinalityPoint>> FinalityAsync(string instance, long fromMs, long toMs, int points, CancellationToken cancellationToken)
    {
        var bucket = Math.Max(1, (toMs - fromMs + points - 1) / Math.Max(1, points));
        await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT (at_ms - @from) / @bucket AS b, MAX(at_ms), MAX(finalized_slot), MAX(justified_slot), MAX(head_slot) FROM rounds WHERE instance = @i AND at_ms >= @from AND at_ms < @to GROUP BY (at_ms - @from) / @bucket ORDER BY 1");
        Add(command, "@i", DbType.String, instance);
        Add(command, "@from", DbType.Int64, fromMs);
        Add(command, "@to", DbType.Int64, toMs);
        Add(command, "@bucket", DbType.Int64, bucket);
        var rows = new List<FinalityPoint>(points);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && rows.Count < points)
        {
            rows.Add(new FinalityPoint(reader.GetInt64(1), NullableLong(reader, 2), NullableLong(reader, 3), NullableLong(reader, 4)));
        }

        return rows;
    }

    public async Task<HistoryLastState> LastStateAsync(string instance, CancellationToken cancellationToken)
    {
        await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
        MonitorLastState? monitor = null;
        await using (var command = Command(connection, null, "SELECT at_ms, round, finalized_slot, finalized_root, justified_slot, justified_root, head_slot, head_root, last_success_ms, error_count FROM monitor_last WHERE instance = @i"))
        {
            Add(command, "@i", DbType.String, instance);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                monitor = new MonitorLastState(
                    reader.GetInt64(0),
                    reader.GetInt64(1),
                    reader.GetInt64(2),
                    NullableString(reader, 3),
                    reader.GetInt64(4),
                    NullableString(reader, 5),
                    NullableLong(reader, 6),
                    NullableString(reader, 7),
                    NullableLong(reader, 8),
                    reader.GetInt64(9));
            }
        }

        var upstreams = new List<UpstreamChange>();
        await using (var command = Command(connection, null, "SELECT 0, upstream, at_ms, round, state, error, head_slot, justified_slot, finalized_slot, head_lag, in_consensus, fork_root, changed, last_success_ms, errors_total FROM upstream_last WHERE instance = @i ORDER BY upstream"))
        {
            Add(command, "@i", DbType.String, instance);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                upstreams.Add(ReadChange(reader, 1, NullableLong(reader, 13), reader.GetInt64(14)));
            }
        }

        return new HistoryLastState(monitor, upstreams);
    }

    public virtual ValueTask DisposeAsync()
    {
        _writer.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Statements are constants of this type; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    internal static DbParameter Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private async Task<DbConnection> OpenGuardedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            OnFailure(null);
            throw;
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> DeleteOlderAsync(DbConnection connection, string table, string column, string instance, long beforeMs, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, $"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE instance = @i AND {column} < @cut ORDER BY {column} LIMIT @n)");
        Add(command, "@i", DbType.String, instance);
        Add(command, "@cut", DbType.Int64, beforeMs);
        Add(command, "@n", DbType.Int64, (long)batchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<HistoryPage<T>> PageAsync<T>(string sql, string instance, HistoryRange range, Action<DbCommand>? bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenGuardedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql);
        Add(command, "@i", DbType.String, instance);
        Add(command, "@from", DbType.Int64, range.FromMs);
        Add(command, "@to", DbType.Int64, range.ToMs);
        Add(command, "@after", DbType.Int64, range.AfterId);
        Add(command, "@limit", DbType.Int64, (long)range.Limit + 1);
        bind?.Invoke(command);
        var rows = new List<T>(Math.Min(range.Limit, 1024));
        long lastId = 0;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rows.Count == range.Limit)
            {
                more = true;
                break;
            }

            lastId = reader.GetInt64(0);
            rows.Add(read(reader));
        }

        return new HistoryPage<T>(rows, more ? lastId : null);
    }

    private static UpstreamChange ReadChange(DbDataReader reader, int first, long? lastSuccess, long errorsTotal) => new(
        reader.GetString(first),
        reader.GetInt64(first + 1),
        reader.GetInt64(first + 2),
        reader.GetString(first + 3),
        NullableString(reader, first + 4),
        NullableLong(reader, first + 5),
        NullableLong(reader, first + 6),
        NullableLong(reader, first + 7),
        NullableLong(reader, first + 8),
        reader.GetInt64(first + 9) != 0,
        NullableString(reader, first + 10),
        (UpstreamChangeKind)reader.GetInt64(first + 11),
        lastSuccess,
        errorsTotal);

    private static void BindWindow(DbCommand command, string instance, long fromMs, long toMs, int limit)
    {
        Add(command, "@i", DbType.String, instance);
        Add(command, "@from", DbType.Int64, fromMs);
        Add(command, "@to", DbType.Int64, toMs);
        Add(command, "@limit", DbType.Int64, (long)limit);
    }

    private static AlertHistoryEvent ReadAlert(DbDataReader reader, int first) => new(
        reader.GetInt64(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        reader.GetString(first + 4),
        reader.GetString(first + 5),
        reader.GetString(first + 6),
        NullableLong(reader, first + 7),
        NullableString(reader, first + 8));

    private static CheckpointRecord? Checkpoint(DbDataReader reader, int first) =>
        reader.IsDBNull(first) ? null : new CheckpointRecord(reader.GetInt64(first), NullableString(reader, first + 1) ?? string.Empty, (int)(NullableLong(reader, first + 2) ?? 0));

    private static int Int(DbDataReader reader, int ordinal) => (int)reader.GetInt64(ordinal);

    private static long? NullableLong(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Writes one batch through one reused, parameter-bound command per table.</summary>
    private sealed class BatchWriter(SqlHistoryStore store, DbConnection connection, DbTransaction transaction, string instance)
    {
        public async Task WriteAsync(HistoryWriteBatch batch, CancellationToken ct)
        {
            if (batch.Rounds.Count > 0)
            {
                await using var c = Prepare("INSERT INTO rounds (instance, at_ms, round, duration_ms, budget_ms, dispatched, completed, failed, abandoned, skipped, finalized_slot, finalized_root, finalized_votes, justified_slot, justified_root, justified_votes, head_slot, head_root, head_votes, consensus) VALUES (@i, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19)", 19, RoundTypes);
                foreach (var r in batch.Rounds)
                {
                    await RunAsync(c, ct, r.AtMs, r.Round, r.DurationMs, r.BudgetMs, (long)r.Dispatched, (long)r.Completed, (long)r.Failed, (long)r.Abandoned, (long)r.Skipped, r.Finalized?.Slot, r.Finalized?.Root, (long?)r.Finalized?.Votes, r.Justified?.Slot, r.Justified?.Root, (long?)r.Justified?.Votes, r.Head?.Slot, r.Head?.Root, (long?)r.Head?.Votes, r.HasConsensus ? 1L : 0L).ConfigureAwait(false);
                }
            }

            if (batch.Changes.Count > 0)
            {
                await using var c = Prepare("INSERT INTO upstream_changes (instance, upstream, at_ms, round, state, error, head_slot, justified_slot, finalized_slot, head_lag, in_consensus, fork_root, changed) VALUES (@i, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)", 12, ChangeTypes);
                await using var last = Prepare("INSERT INTO upstream_last (instance, upstream, at_ms, round, state, error, head_slot, justified_slot, finalized_slot, head_lag, in_consensus, fork_root, changed, last_success_ms, errors_total) VALUES (@i, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14) ON CONFLICT (instance, upstream) DO UPDATE SET at_ms = excluded.at_ms, round = excluded.round, state = excluded.state, error = excluded.error, head_slot = excluded.head_slot, justified_slot = excluded.justified_slot, finalized_slot = excluded.finalized_slot, head_lag = excluded.head_lag, in_consensus = excluded.in_consensus, fork_root = excluded.fork_root, changed = excluded.changed, last_success_ms = excluded.last_success_ms, errors_total = excluded.errors_total", 14, [.. ChangeTypes, DbType.Int64, DbType.Int64]);
                foreach (var u in batch.Changes)
                {
                    await RunAsync(c, ct, u.Upstream, u.AtMs, u.Round, u.State, u.Error, u.HeadSlot, u.JustifiedSlot, u.FinalizedSlot, u.HeadLag, u.InConsensus ? 1L : 0L, u.ForkRoot, (long)u.Changed).ConfigureAwait(false);
                    await RunAsync(last, ct, u.Upstream, u.AtMs, u.Round, u.State, u.Error, u.HeadSlot, u.JustifiedSlot, u.FinalizedSlot, u.HeadLag, u.InConsensus ? 1L : 0L, u.ForkRoot, (long)u.Changed, u.LastSuccessMs, u.ErrorsTotal).ConfigureAwait(false);
                }
            }

            if (batch.Events.Count > 0)
            {
                await using var c = Prepare("INSERT INTO chain_events (instance, at_ms, kind, slot, root, previous_slot) VALUES (@i, @p1, @p2, @p3, @p4, @p5)", 5, [DbType.Int64, DbType.String, DbType.Int64, DbType.String, DbType.Int64]);
                foreach (var e in batch.Events)
                {
                    await RunAsync(c, ct, e.AtMs, e.Kind, e.Slot, e.Root, e.PreviousSlot).ConfigureAwait(false);
                }
            }

            if (batch.Alerts.Count > 0)
            {
                await using var c = Prepare("INSERT INTO alert_events (instance, at_ms, transition, alert_id, kind, severity, summary, upstreams, slot, root) VALUES (@i, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)", 9, [DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int64, DbType.String]);
                foreach (var a in batch.Alerts)
                {
                    await RunAsync(c, ct, a.AtMs, a.Transition, a.AlertId, a.Kind, a.Severity, a.Summary, a.Upstreams, a.Slot, a.Root).ConfigureAwait(false);
                }
            }

            if (batch.LatencyMinutes.Count > 0)
            {
                await using var c = Prepare("INSERT INTO latency_minutes (instance, upstream, minute_ms, min_ms, median_ms, max_ms, samples) VALUES (@i, @p1, @p2, @p3, @p4, @p5, @p6)", 6, [DbType.String, DbType.Int64, DbType.Double, DbType.Double, DbType.Double, DbType.Int64]);
                foreach (var m in batch.LatencyMinutes)
                {
                    await RunAsync(c, ct, m.Upstream, m.MinuteMs, m.MinMs, m.MedianMs, m.MaxMs, (long)m.Samples).ConfigureAwait(false);
                }
            }

            if (batch.UpstreamHours.Count > 0)
            {
                var least = store.Least;
                var greatest = store.Greatest;
                await using var c = Prepare(
                    "INSERT INTO upstream_hours (instance, upstream, hour_ms, rounds, ok_rounds, latency_min_ms, latency_max_ms, latency_sum_ms, latency_count) VALUES (@i, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8) "
                    + "ON CONFLICT (instance, upstream, hour_ms) DO UPDATE SET rounds = upstream_hours.rounds + excluded.rounds, ok_rounds = upstream_hours.ok_rounds + excluded.ok_rounds, "
                    + $"latency_min_ms = {least}(COALESCE(upstream_hours.latency_min_ms, excluded.latency_min_ms), COALESCE(excluded.latency_min_ms, upstream_hours.latency_min_ms)), "
                    + $"latency_max_ms = {greatest}(COALESCE(upstream_hours.latency_max_ms, excluded.latency_max_ms), COALESCE(excluded.latency_max_ms, upstream_hours.latency_max_ms)), "
                    + "latency_sum_ms = upstream_hours.latency_sum_ms + excluded.latency_sum_ms, latency_count = upstream_hours.latency_count + excluded.latency_count",
                    8,
                    [DbType.String, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Double, DbType.Double, DbType.Double, DbType.Int64]);
                await using var day = Prepare(
                    "INSERT INTO upstream_days (instance, upstream, day_ms, rounds, ok_rounds) VALUES (@i, @p1, @p2, @p3, @p4) ON CONFLICT (instance, upstream, day_ms) DO UPDATE SET rounds = upstream_days.rounds + excluded.rounds, ok_rounds = upstream_days.ok_rounds + excluded.ok_rounds",
                    4,
                    [DbType.String, DbType.Int64, DbType.Int64, DbType.Int64]);
                foreach (var h in batch.UpstreamHours)
                {
                    await RunAsync(c, ct, h.Upstream, h.HourMs, (long)h.Rounds, (long)h.OkRounds, h.LatencyMinMs, h.LatencyMaxMs, h.LatencySumMs, (long)h.LatencyCount).ConfigureAwait(false);
                    await RunAsync(day, ct, h.Upstream, h.HourMs - (h.HourMs % DayMs), (long)h.Rounds, (long)h.OkRounds).ConfigureAwait(false);
                }
            }

            if (batch.RoundHours.Count > 0)
            {
                var greatest = store.Greatest;
                await using var c = Prepare(
                    "INSERT INTO round_hours (instance, hour_ms, rounds, consensus_rounds, max_finalized_slot, max_justified_slot, max_head_slot, duration_sum_ms) VALUES (@i, @p1, @p2, @p3, @p4, @p5, @p6, @p7) "
                    + "ON CONFLICT (instance, hour_ms) DO UPDATE SET rounds = round_hours.rounds + excluded.rounds, consensus_rounds = round_hours.consensus_rounds + excluded.consensus_rounds, "
                    + $"max_finalized_slot = {greatest}(COALESCE(round_hours.max_finalized_slot, excluded.max_finalized_slot), COALESCE(excluded.max_finalized_slot, round_hours.max_finalized_slot)), "
                    + $"max_justified_slot = {greatest}(COALESCE(round_hours.max_justified_slot, excluded.max_justified_slot), COALESCE(excluded.max_justified_slot, round_hours.max_justified_slot)), "
                    + $"max_head_slot = {greatest}(COALESCE(round_hours.max_head_slot, excluded.max_head_slot), COALESCE(excluded.max_head_slot, round_hours.max_head_slot)), "
                    + "duration_sum_ms = round_hours.duration_sum_ms + excluded.duration_sum_ms",
                    7,
                    [DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64]);
                foreach (var h in batch.RoundHours)
                {
                    await RunAsync(c, ct, h.HourMs, (long)h.Rounds, (long)h.ConsensusRounds, h.MaxFinalizedSlot, h.MaxJustifiedSlot, h.MaxHeadSlot, h.DurationSumMs).ConfigureAwait(false);
                }
            }

            if (batch.Monitor is { } m2)
            {
                await using var c = Prepare(
                    "INSERT INTO monitor_last (instance, at_ms, round, finalized_slot, finalized_root, justified_slot, justified_root, head_slot, head_root, last_success_ms, error_count) VALUES (@i, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10) "
                    + "ON CONFLICT (instance) DO UPDATE SET at_ms = excluded.at_ms, round = excluded.round, finalized_slot = excluded.finalized_slot, finalized_root = excluded.finalized_root, justified_slot = excluded.justified_slot, justified_root = excluded.justified_root, head_slot = excluded.head_slot, head_root = excluded.head_root, last_success_ms = excluded.last_success_ms, error_count = excluded.error_count",
                    10,
                    [DbType.Int64, DbType.Int64, DbType.Int64, DbType.String, DbType.Int64, DbType.String, DbType.Int64, DbType.String, DbType.Int64, DbType.Int64]);
                await RunAsync(c, ct, m2.AtMs, m2.Round, m2.FinalizedSlot, m2.FinalizedRoot, m2.JustifiedSlot, m2.JustifiedRoot, m2.HeadSlot, m2.HeadRoot, m2.LastSuccessMs, m2.ErrorCount).ConfigureAwait(false);
            }
        }

        private static readonly DbType[] RoundTypes =
        [
            DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64,
            DbType.Int64, DbType.String, DbType.Int64, DbType.Int64, DbType.String, DbType.Int64, DbType.Int64, DbType.String, DbType.Int64, DbType.Int64,
        ];

        private static readonly DbType[] ChangeTypes =
        [
            DbType.String, DbType.Int64, DbType.Int64, DbType.String, DbType.String, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64,
            DbType.Int64, DbType.String, DbType.Int64,
        ];

        private DbCommand Prepare(string sql, int count, DbType[] types)
        {
            var command = Command(connection, transaction, sql);
            Add(command, "@i", DbType.String, instance);
            for (var p = 1; p <= count; p++)
            {
                Add(command, "@p" + p.ToString(System.Globalization.CultureInfo.InvariantCulture), types[p - 1], null);
            }

            return command;
        }

        private static Task<int> RunAsync(DbCommand command, CancellationToken ct, params object?[] values)
        {
            for (var p = 0; p < values.Length; p++)
            {
                command.Parameters[p + 1].Value = values[p] ?? DBNull.Value;
            }

            return command.ExecuteNonQueryAsync(ct);
        }
    }
}
