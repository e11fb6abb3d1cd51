using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>How one upstream fared in one round.</summary>
internal enum PollDisposition
{
    /// <summary>The job finished before the deadline; see the outcome.</summary>
    Completed,

    /// <summary>Still running at the deadline: cancelled, recorded as <c>timeout (abandoned)</c>.</summary>
    Abandoned,

    /// <summary>Not dispatched before the deadline.</summary>
    Skipped,

    /// <summary>Not dispatched: its job from an earlier round is still running.</summary>
    InFlight,
}

/// <summary>One upstream's entry in a round result; <see cref="Outcome"/> is set for Completed and Abandoned.</summary>
internal readonly record struct PollRoundEntry(UpstreamDefinition Upstream, PollDisposition Disposition, PollOutcome Outcome);

/// <summary>What a <see cref="PollRound"/> produced, in configured order.</summary>
internal sealed record PollRoundResult(
    IReadOnlyList<PollRoundEntry> Entries,
    RoundBudget Budget,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int Dispatched,
    int Completed,
    int Failed,
    int Abandoned,
    int Skipped,
    int InFlight);
