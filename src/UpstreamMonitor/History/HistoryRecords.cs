namespace UpstreamMonitor.History;

/// <summary>One finished poll round and the consensus it reached. Times are Unix milliseconds.</summary>
internal sealed record RoundRecord(
    long AtMs,
    long Round,
    long DurationMs,
    long BudgetMs,
    int Dispatched,
    int Completed,
    int Failed,
    int Abandoned,
    int Skipped,
    CheckpointRecord? Finalized,
    CheckpointRecord? Justified,
    CheckpointRecord? Head,
    bool HasConsensus);

/// <summary>A consensus checkpoint and how many upstreams voted for it.</summary>
internal sealed record CheckpointRecord(long Slot, string Root, int Votes);

/// <summary>What made an upstream change row: one or more of these.</summary>
[Flags]
internal enum UpstreamChangeKind
{
    None = 0,

    /// <summary>First row for this upstream (start, or after a gap in writing).</summary>
    Initial = 1,

    /// <summary>ok / error / timeout / skipped / in_flight changed.</summary>
    State = 2,

    /// <summary>The error text changed while failing.</summary>
    Error = 4,

    /// <summary>Its head, justified or finalized slot moved relative to the consensus.</summary>
    Slots = 8,

    /// <summary>It joined or left the consensus fork, or moved between minority forks.</summary>
    Fork = 16,
}

/// <summary>One upstream's state as of a change (never one row per upstream per round).</summary>
internal sealed record UpstreamChange(
    string Upstream,
    long AtMs,
    long Round,
    string State,
    string? Error,
    long? HeadSlot,
    long? JustifiedSlot,
    long? FinalizedSlot,
    long? HeadLag,
    bool InConsensus,
    string? ForkRoot,
    UpstreamChangeKind Changed,
    long? LastSuccessMs,
    long ErrorsTotal);

/// <summary>Kinds of <see cref="ChainEvent"/>, as stored and served.</summary>
internal static class ChainEventKinds
{
    public const string Finalized = "finalized";
    public const string Justified = "justified";
    public const string Head = "head";

    public static readonly string[] All = [Finalized, Justified, Head];
}

/// <summary>The consensus finalized, justified or head checkpoint advanced.</summary>
internal sealed record ChainEvent(long AtMs, string Kind, long Slot, string? Root, long? PreviousSlot);

/// <summary>The two moments of an alert the history keeps.</summary>
internal static class AlertTransitionNames
{
    public const string Fired = "fired";
    public const string Resolved = "resolved";
}

/// <summary>
/// An alert fired or resolved (the alert pipeline's detector), kept for the event timeline. <see cref="Upstreams"/> is
/// the involved upstreams joined by ", " (already in the summary's words; kept apart so a timeline can filter).
/// </summary>
internal sealed record AlertHistoryEvent(
    long AtMs,
    string Transition,
    string AlertId,
    string Kind,
    string Severity,
    string Summary,
    string Upstreams,
    long? Slot,
    string? Root);

/// <summary>How one upstream did in one round: feeds uptime and latency summaries.</summary>
internal sealed record UpstreamRoundOutcome(string Upstream, bool Ok, double? LatencyMs);

/// <summary>What <see cref="HistoryRecorder"/> extracts from one published snapshot.</summary>
internal sealed record SnapshotRecords(
    RoundRecord? Round,
    IReadOnlyList<UpstreamChange> Changes,
    IReadOnlyList<ChainEvent> Events,
    IReadOnlyList<UpstreamRoundOutcome> Outcomes,
    MonitorLastState? Monitor)
{
    public static SnapshotRecords Empty { get; } = new(null, [], [], [], null);

    public bool IsEmpty => Round is null && Changes.Count == 0 && Events.Count == 0;
}

/// <summary>Latency of one upstream over one minute.</summary>
internal sealed record LatencyMinute(string Upstream, long MinuteMs, double MinMs, double MedianMs, double MaxMs, int Samples);

/// <summary>Additive per-hour counters of one upstream (added to the stored row on write).</summary>
internal sealed record UpstreamHour(string Upstream, long HourMs, int Rounds, int OkRounds, double? LatencyMinMs, double? LatencyMaxMs, double LatencySumMs, int LatencyCount);

/// <summary>Additive per-hour counters of the rounds (added to the stored row on write).</summary>
internal sealed record RoundHour(long HourMs, int Rounds, int ConsensusRounds, long? MaxFinalizedSlot, long? MaxJustifiedSlot, long? MaxHeadSlot, long DurationSumMs);

/// <summary>The last consensus the monitor published, kept for a restart.</summary>
internal sealed record MonitorLastState(
    long AtMs,
    long Round,
    long FinalizedSlot,
    string? FinalizedRoot,
    long JustifiedSlot,
    string? JustifiedRoot,
    long? HeadSlot,
    string? HeadRoot,
    long? LastSuccessMs,
    long ErrorCount);

/// <summary>Everything one write puts in the store, in one transaction.</summary>
internal sealed record HistoryWriteBatch(
    IReadOnlyList<RoundRecord> Rounds,
    IReadOnlyList<UpstreamChange> Changes,
    IReadOnlyList<ChainEvent> Events,
    IReadOnlyList<LatencyMinute> LatencyMinutes,
    IReadOnlyList<UpstreamHour> UpstreamHours,
    IReadOnlyList<RoundHour> RoundHours,
    MonitorLastState? Monitor)
{
    /// <summary>Alert firings and resolutions since the last batch (they arrive apart from the snapshots).</summary>
    public IReadOnlyList<AlertHistoryEvent> Alerts { get; init; } = [];

    public int RowCount => Rounds.Count + Changes.Count + Events.Count + LatencyMinutes.Count + UpstreamHours.Count + RoundHours.Count + Alerts.Count;
}
