namespace UpstreamMonitor.History;

/// <summary>
/// The versioned schema. A migration is applied once, in a transaction, and recorded in <c>history_migrations</c>;
/// statements are also idempotent (<c>IF NOT EXISTS</c>) so a half-applied start is safe to repeat.
/// </summary>
internal static class HistorySchema
{
    /// <summary>Raw tables: pruned after the raw window, by <c>at_ms</c>.</summary>
    public static readonly (string Table, string TimeColumn)[] RawTables =
    [
        ("rounds", "at_ms"),
        ("upstream_changes", "at_ms"),
        ("chain_events", "at_ms"),
        ("latency_minutes", "minute_ms"),
        ("alert_events", "at_ms"),
    ];

    /// <summary>Per-hour rollups: pruned after the rollup window.</summary>
    public static readonly (string Table, string TimeColumn)[] RollupTables =
    [
        ("upstream_hours", "hour_ms"),
        ("round_hours", "hour_ms"),
        ("upstream_days", "day_ms"),
    ];

    public static IReadOnlyList<(int Version, string[] Statements)> Migrations(string idColumn) =>
    [
        (1,
        [
            $"""
            CREATE TABLE IF NOT EXISTS rounds (
                id {idColumn}, instance TEXT NOT NULL, at_ms BIGINT NOT NULL, round BIGINT NOT NULL,
                duration_ms BIGINT NOT NULL, budget_ms BIGINT NOT NULL, dispatched BIGINT NOT NULL, completed BIGINT NOT NULL,
                failed BIGINT NOT NULL, abandoned BIGINT NOT NULL, skipped BIGINT NOT NULL,
                finalized_slot BIGINT, finalized_root TEXT, finalized_votes BIGINT,
                justified_slot BIGINT, justified_root TEXT, justified_votes BIGINT,
                head_slot BIGINT, head_root TEXT, head_votes BIGINT, consensus BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS rounds_instance_at ON rounds (instance, at_ms)",
            $"""
            CREATE TABLE IF NOT EXISTS upstream_changes (
                id {idColumn}, instance TEXT NOT NULL, upstream TEXT NOT NULL, at_ms BIGINT NOT NULL, round BIGINT NOT NULL,
                state TEXT NOT NULL, error TEXT, head_slot BIGINT, justified_slot BIGINT, finalized_slot BIGINT, head_lag BIGINT,
                in_consensus BIGINT NOT NULL, fork_root TEXT, changed BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS upstream_changes_upstream_at ON upstream_changes (instance, upstream, at_ms)",
            "CREATE INDEX IF NOT EXISTS upstream_changes_instance_at ON upstream_changes (instance, at_ms)",
            $"""
            CREATE TABLE IF NOT EXISTS chain_events (
                id {idColumn}, instance TEXT NOT NULL, at_ms BIGINT NOT NULL, kind TEXT NOT NULL, slot BIGINT NOT NULL,
                root TEXT, previous_slot BIGINT)
            """,
            "CREATE INDEX IF NOT EXISTS chain_events_instance_at ON chain_events (instance, at_ms)",
            $"""
            CREATE TABLE IF NOT EXISTS latency_minutes (
                id {idColumn}, instance TEXT NOT NULL, upstream TEXT NOT NULL, minute_ms BIGINT NOT NULL,
                min_ms DOUBLE PRECISION NOT NULL, median_ms DOUBLE PRECISION NOT NULL, max_ms DOUBLE PRECISION NOT NULL, samples BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS latency_minutes_upstream_at ON latency_minutes (instance, upstream, minute_ms)",
            "CREATE INDEX IF NOT EXISTS latency_minutes_instance_at ON latency_minutes (instance, minute_ms)",
            $"""
            CREATE TABLE IF NOT EXISTS upstream_hours (
                id {idColumn}, instance TEXT NOT NULL, upstream TEXT NOT NULL, hour_ms BIGINT NOT NULL,
                rounds BIGINT NOT NULL, ok_rounds BIGINT NOT NULL, latency_min_ms DOUBLE PRECISION, latency_max_ms DOUBLE PRECISION,
                latency_sum_ms DOUBLE PRECISION NOT NULL, latency_count BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS upstream_hours_key ON upstream_hours (instance, upstream, hour_ms)",
            // Covering index: the 30-day uptime of 1000 upstreams reads only this.
            "CREATE INDEX IF NOT EXISTS upstream_hours_instance_at ON upstream_hours (instance, hour_ms, upstream, rounds, ok_rounds)",
            $"""
            CREATE TABLE IF NOT EXISTS round_hours (
                id {idColumn}, instance TEXT NOT NULL, hour_ms BIGINT NOT NULL, rounds BIGINT NOT NULL, consensus_rounds BIGINT NOT NULL,
                max_finalized_slot BIGINT, max_justified_slot BIGINT, max_head_slot BIGINT, duration_sum_ms BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS round_hours_key ON round_hours (instance, hour_ms)",
            """
            CREATE TABLE IF NOT EXISTS monitor_last (
                instance TEXT NOT NULL PRIMARY KEY, at_ms BIGINT NOT NULL, round BIGINT NOT NULL,
                finalized_slot BIGINT NOT NULL, finalized_root TEXT, justified_slot BIGINT NOT NULL, justified_root TEXT,
                head_slot BIGINT, head_root TEXT, last_success_ms BIGINT, error_count BIGINT NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS upstream_last (
                instance TEXT NOT NULL, upstream TEXT NOT NULL, at_ms BIGINT NOT NULL, round BIGINT NOT NULL,
                state TEXT NOT NULL, error TEXT, head_slot BIGINT, justified_slot BIGINT, finalized_slot BIGINT, head_lag BIGINT,
                in_consensus BIGINT NOT NULL, fork_root TEXT, changed BIGINT NOT NULL, last_success_ms BIGINT, errors_total BIGINT NOT NULL,
                PRIMARY KEY (instance, upstream))
            """,
        ]),
        (2,
        [
            // Per-day uptime counters: the 30-day uptime of 1000 upstreams reads 30,000 rows instead of 720,000.
            $"""
            CREATE TABLE IF NOT EXISTS upstream_days (
                id {idColumn}, instance TEXT NOT NULL, upstream TEXT NOT NULL, day_ms BIGINT NOT NULL,
                rounds BIGINT NOT NULL, ok_rounds BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS upstream_days_key ON upstream_days (instance, upstream, day_ms)",
            "CREATE INDEX IF NOT EXISTS upstream_days_instance_at ON upstream_days (instance, day_ms, upstream, rounds, ok_rounds)",
            "INSERT INTO upstream_days (instance, upstream, day_ms, rounds, ok_rounds) SELECT instance, upstream, hour_ms - (hour_ms % 86400000), SUM(rounds), SUM(ok_rounds) FROM upstream_hours GROUP BY instance, upstream, hour_ms - (hour_ms % 86400000) ON CONFLICT (instance, upstream, day_ms) DO NOTHING",
        ]),
        (3,
        [
            // Alert firings and resolutions, for the event timeline; raw rows, pruned with the raw window.
            $"""
            CREATE TABLE IF NOT EXISTS alert_events (
                id {idColumn}, instance TEXT NOT NULL, at_ms BIGINT NOT NULL, transition TEXT NOT NULL, alert_id TEXT NOT NULL,
                kind TEXT NOT NULL, severity TEXT NOT NULL, summary TEXT NOT NULL, upstreams TEXT NOT NULL, slot BIGINT, root TEXT)
            """,
            "CREATE INDEX IF NOT EXISTS alert_events_instance_at ON alert_events (instance, at_ms)",
        ]),
    ];
}
