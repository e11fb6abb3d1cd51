namespace UpstreamMonitor.Alerts;

/// <summary>
/// One alert occurrence: from the round it fired to the round it resolved. Immutable; resolving yields a copy with
/// <see cref="ResolvedAt"/> set.
/// </summary>
public sealed record AlertEvent
{
    /// <summary>Unique per occurrence: the key plus the first-seen time.</summary>
    public required string Id { get; init; }

    /// <summary>Stable across occurrences of the same condition (<c>upstream_down/zeam_0</c>): what de-duplicates.</summary>
    public required string Key { get; init; }

    public required AlertKind Kind { get; init; }

    public required AlertSeverity Severity { get; init; }

    /// <summary>The upstreams involved (all of them for fleet-wide alerts: empty).</summary>
    public IReadOnlyList<string> Upstreams { get; init; } = [];

    /// <summary>The checkpoint concerned: <c>finalized</c>, <c>justified</c> or <c>head</c>; null when none.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The slot the alert is about (the stalled slot, the fork's slot, the lagging head).</summary>
    public long? Slot { get; init; }

    public string? Root { get; init; }

    /// <summary>The majority's slot to compare with (the fork's or lag's reference, the slot finality regressed from).</summary>
    public long? MajoritySlot { get; init; }

    public string? MajorityRoot { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>One line for a human: what happened, where.</summary>
    public required string Summary { get; init; }

    public bool IsActive => ResolvedAt is null;
}

/// <summary>What the detector reports for one round: alerts that fired and alerts that resolved.</summary>
public sealed record AlertTransitions(IReadOnlyList<AlertEvent> Fired, IReadOnlyList<AlertEvent> Resolved)
{
    public static AlertTransitions None { get; } = new([], []);

    public bool IsEmpty => Fired.Count == 0 && Resolved.Count == 0;
}
