namespace UpstreamMonitor.History;

/// <summary>
/// Where history is kept: SQLite embedded or PostgreSQL shared. Every method takes the monitor's instance name so
/// several monitors can share one database; every query is bounded by a limit and cancelled by its token.
/// </summary>
internal interface IHistoryStore
{
    /// <summary>Human description of the store for logs (never a password).</summary>
    string Display { get; }

    /// <summary>Creates or migrates the schema (versioned, idempotent). Safe to call again after a failure.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Writes one batch in one transaction.</summary>
    Task WriteAsync(string instance, HistoryWriteBatch batch, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> rows older than the cut-offs; returns how many went.</summary>
    Task<int> PruneAsync(string instance, long rawBeforeMs, long rollupBeforeMs, int batchSize, CancellationToken cancellationToken);

    Task<HistoryPage<RoundRecord>> RoundsAsync(string instance, HistoryRange range, CancellationToken cancellationToken);

    Task<HistoryPage<UpstreamChange>> UpstreamChangesAsync(string instance, string upstream, HistoryRange range, CancellationToken cancellationToken);

    Task<HistoryPage<LatencyMinute>> LatencyAsync(string instance, string upstream, HistoryRange range, CancellationToken cancellationToken);

    Task<HistoryPage<ChainEvent>> EventsAsync(string instance, string? kind, HistoryRange range, CancellationToken cancellationToken);

    /// <summary>Alert firings and resolutions, oldest first; <paramref name="kind"/> is an alert kind's wire name.</summary>
    Task<HistoryPage<AlertHistoryEvent>> AlertEventsAsync(string instance, string? kind, HistoryRange range, CancellationToken cancellationToken);

    /// <summary>
    /// The newest entries for the event timeline in [from, to): alert firings and resolutions, and upstream state
    /// transitions (ok / error / timeout / skipped), each list newest first and at most <paramref name="limit"/> long.
    /// </summary>
    Task<HistoryTimeline> TimelineAsync(string instance, long fromMs, long toMs, int limit, CancellationToken cancellationToken);

    /// <summary>Per upstream, the share of rounds it was ok since <paramref name="fromMs"/> (hourly rollups).</summary>
    Task<IReadOnlyList<UptimeRow>> UptimeAsync(string instance, long fromMs, int limit, CancellationToken cancellationToken);

    /// <summary>Every upstream's hourly counters since <paramref name="fromMs"/> (the dashboard's uptime strips), by upstream then hour.</summary>
    Task<IReadOnlyList<UptimeHourRow>> HourlyUptimeAsync(string instance, long fromMs, int limit, CancellationToken cancellationToken);

    /// <summary>Finalized, justified and head slot against time, at most <paramref name="points"/> buckets.</summary>
    Task<IReadOnlyList<FinalityPoint>> FinalityAsync(string instance, long fromMs, long toMs, int points, CancellationToken cancellationToken);

    /// <summary>The last consensus and the last state of every upstream, to seed the registry after a restart.</summary>
    Task<HistoryLastState> LastStateAsync(string instance, CancellationToken cancellationToken);

    /// <summary>Bytes the store occupies (SQLite: the file and its WAL; PostgreSQL: the tables).</summary>
    Task<long> SizeBytesAsync(CancellationToken cancellationToken);
}

/// <summary>A time range [from, to) with a page size and an opaque cursor (the last row's id).</summary>
internal sealed record HistoryRange(long FromMs, long ToMs, int Limit, long AfterId = 0);

/// <summary>One page of rows; <see cref="NextCursor"/> is set when more rows match.</summary>
internal sealed record HistoryPage<T>(IReadOnlyList<T> Rows, long? NextCursor);

internal sealed record UptimeRow(string Upstream, long Rounds, long OkRounds)
{
    public double Share => Rounds == 0 ? 0 : (double)OkRounds / Rounds;
}

internal sealed record UptimeHourRow(string Upstream, long HourMs, long Rounds, long OkRounds);

internal sealed record HistoryTimeline(IReadOnlyList<AlertHistoryEvent> Alerts, IReadOnlyList<UpstreamChange> Transitions);

internal sealed record FinalityPoint(long AtMs, long? FinalizedSlot, long? JustifiedSlot, long? HeadSlot);

internal sealed record HistoryLastState(MonitorLastState? Monitor, IReadOnlyList<UpstreamChange> Upstreams);
