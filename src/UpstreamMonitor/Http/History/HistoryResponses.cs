using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.History;

/// <summary>A rejected history request: what was wrong, in one sentence.</summary>
public sealed record HistoryErrorResponse([property: JsonPropertyName("error")] string Error);

/// <summary>Whether history is on and writing: what the dashboard banner shows.</summary>
public sealed record HistoryStatusResponse(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("degraded")] bool Degraded,
    [property: JsonPropertyName("problem")] string? Problem,
    [property: JsonPropertyName("write_errors_total")] long WriteErrorsTotal,
    [property: JsonPropertyName("dropped_snapshots_total")] long DroppedSnapshotsTotal,
    [property: JsonPropertyName("rows_written_total")] long RowsWrittenTotal);

public sealed record HistoryCheckpointResponse(
    [property: JsonPropertyName("slot")] long Slot,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("votes")] int Votes);

public sealed record HistoryRoundResponse(
    [property: JsonPropertyName("at_ms")] long AtMs,
    [property: JsonPropertyName("round")] long Round,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("budget_ms")] long BudgetMs,
    [property: JsonPropertyName("dispatched")] int Dispatched,
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("abandoned")] int Abandoned,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("has_consensus")] bool HasConsensus,
    [property: JsonPropertyName("finalized")] HistoryCheckpointResponse? Finalized,
    [property: JsonPropertyName("justified")] HistoryCheckpointResponse? Justified,
    [property: JsonPropertyName("head")] HistoryCheckpointResponse? Head);

/// <summary><c>GET /api/history/rounds</c>: one page; pass <c>next_cursor</c> as <c>cursor</c> for the next.</summary>
public sealed record HistoryRoundsResponse(
    [property: JsonPropertyName("rounds")] IReadOnlyList<HistoryRoundResponse> Rounds,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

public sealed record HistoryChangeResponse(
    [property: JsonPropertyName("at_ms")] long AtMs,
    [property: JsonPropertyName("round")] long Round,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("head_slot")] long? HeadSlot,
    [property: JsonPropertyName("justified_slot")] long? JustifiedSlot,
    [property: JsonPropertyName("finalized_slot")] long? FinalizedSlot,
    [property: JsonPropertyName("lag_slots")] long? LagSlots,
    [property: JsonPropertyName("in_consensus")] bool InConsensus,
    [property: JsonPropertyName("fork_root")] string? ForkRoot,
    [property: JsonPropertyName("changed")] IReadOnlyList<string> Changed);

/// <summary><c>GET /api/history/upstreams/{name}</c>: the upstream's state changes, one page.</summary>
public sealed record HistoryUpstreamResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("changes")] IReadOnlyList<HistoryChangeResponse> Changes,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

public sealed record HistoryLatencyMinuteResponse(
    [property: JsonPropertyName("minute_ms")] long MinuteMs,
    [property: JsonPropertyName("min_ms")] double MinMs,
    [property: JsonPropertyName("median_ms")] double MedianMs,
    [property: JsonPropertyName("max_ms")] double MaxMs,
    [property: JsonPropertyName("samples")] int Samples);

/// <summary><c>GET /api/history/upstreams/{name}/latency</c>: latency per minute, one page.</summary>
public sealed record HistoryLatencyResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("minutes")] IReadOnlyList<HistoryLatencyMinuteResponse> Minutes,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

public sealed record HistoryEventResponse(
    [property: JsonPropertyName("at_ms")] long AtMs,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("slot")] long Slot,
    [property: JsonPropertyName("root")] string? Root,
    [property: JsonPropertyName("previous_slot")] long? PreviousSlot);

/// <summary><c>GET /api/history/events</c>: chain events, one page.</summary>
public sealed record HistoryEventsResponse(
    [property: JsonPropertyName("events")] IReadOnlyList<HistoryEventResponse> Events,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

public sealed record HistoryAlertEventResponse(
    [property: JsonPropertyName("at_ms")] long AtMs,
    [property: JsonPropertyName("transition")] string Transition,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("upstreams")] IReadOnlyList<string> Upstreams,
    [property: JsonPropertyName("slot")] long? Slot,
    [property: JsonPropertyName("root")] string? Root);

/// <summary><c>GET /api/history/alerts</c>: alert firings and resolutions, one page.</summary>
public sealed record HistoryAlertEventsResponse(
    [property: JsonPropertyName("alerts")] IReadOnlyList<HistoryAlertEventResponse> Alerts,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

public sealed record HistoryUptimeRowResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("rounds")] long Rounds,
    [property: JsonPropertyName("ok_rounds")] long OkRounds,
    [property: JsonPropertyName("share_ok")] double ShareOk);

/// <summary><c>GET /api/history/uptime</c>: per upstream, the share of rounds it was ok in the window.</summary>
public sealed record HistoryUptimeResponse(
    [property: JsonPropertyName("window")] string Window,
    [property: JsonPropertyName("from_ms")] long FromMs,
    [property: JsonPropertyName("upstreams")] IReadOnlyList<HistoryUptimeRowResponse> Upstreams);

public sealed record HistoryFinalityPointResponse(
    [property: JsonPropertyName("at_ms")] long AtMs,
    [property: JsonPropertyName("finalized_slot")] long? FinalizedSlot,
    [property: JsonPropertyName("justified_slot")] long? JustifiedSlot,
    [property: JsonPropertyName("head_slot")] long? HeadSlot);

/// <summary><c>GET /api/history/finality</c>: consensus slots against time, downsampled to at most <c>points</c>.</summary>
public sealed record HistoryFinalityResponse(
    [property: JsonPropertyName("from_ms")] long FromMs,
    [property: JsonPropertyName("to_ms")] long ToMs,
    [property: JsonPropertyName("bucket_ms")] long BucketMs,
    [property: JsonPropertyName("points")] IReadOnlyList<HistoryFinalityPointResponse> Points);
