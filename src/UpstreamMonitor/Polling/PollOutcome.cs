using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Polling;

/// <summary>
/// What one poll job learned about one upstream. A fallback outcome (fork choice 404) carries slots only: it is shown
/// but cannot vote on roots.
/// </summary>
internal readonly record struct PollOutcome
{
    /// <summary>The job's result marker for <c>last_error</c> when the round deadline cancelled it.</summary>
    public const string AbandonedError = "timeout (abandoned)";

    /// <summary><see cref="UpstreamPollState.Ok"/>, <see cref="UpstreamPollState.Error"/> or <see cref="UpstreamPollState.Timeout"/>.</summary>
    public UpstreamPollState State { get; init; }

    public string? Error { get; init; }

    public TimeSpan Latency { get; init; }

    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>What the node reported; slots only (no roots, no head) from the fallback.</summary>
    public ChainCheckpoints Chain { get; init; }

    /// <summary>The node's chain from its head (fork choice only), for fork versus behind.</summary>
    public ChainAncestry? Ancestry { get; init; }

    public int? ValidatorCount { get; init; }

    public bool? IsAggregator { get; init; }

    public bool FromFallback { get; init; }

    /// <summary>The fork-choice body as received (fork choice only), kept for the cached route.</summary>
    public ForkChoiceBody? ForkChoiceBody { get; init; }

    /// <summary>The parsed fork choice (fork choice only): the registry keeps it as the validator of the next request.</summary>
    public ForkChoiceSnapshot? ForkChoice { get; init; }

    /// <summary>What the node-info reads learned; null when this job read none.</summary>
    public NodeInfoReading? NodeInfo { get; init; }

    public bool IsSuccess => State == UpstreamPollState.Ok;

    public static PollOutcome FromForkChoice(ForkChoiceSnapshot forkChoice, bool? isAggregator, TimeSpan latency, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(forkChoice);
        return new PollOutcome
        {
            State = UpstreamPollState.Ok,
            Latency = latency,
            CompletedAt = at,
            Chain = forkChoice.Chain,
            Ancestry = forkChoice.Ancestry,
            ValidatorCount = forkChoice.ValidatorCount,
            IsAggregator = isAggregator,
            ForkChoiceBody = forkChoice.Body,
            ForkChoice = forkChoice,
        };
    }

    public static PollOutcome FromFallbackSlots(long justifiedSlot, long finalizedSlot, bool? isAggregator, TimeSpan latency, DateTimeOffset at) => new()
    {
        State = UpstreamPollState.Ok,
        Latency = latency,
        CompletedAt = at,
        Chain = ChainCheckpoints.FromSlots(justifiedSlot, finalizedSlot),
        IsAggregator = isAggregator,
        FromFallback = true,
    };

    public static PollOutcome Failed(LeanApiError error, TimeSpan latency, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new PollOutcome
        {
            State = error.Kind == LeanApiErrorKind.Timeout ? UpstreamPollState.Timeout : UpstreamPollState.Error,
            Error = error.Message,
            Latency = latency,
            CompletedAt = at,
        };
    }

    public static PollOutcome TimedOut(string error, TimeSpan latency, DateTimeOffset at) => new()
    {
        State = UpstreamPollState.Timeout,
        Error = error,
        Latency = latency,
        CompletedAt = at,
    };

    public static PollOutcome Faulted(string error, TimeSpan latency, DateTimeOffset at) => new()
    {
        State = UpstreamPollState.Error,
        Error = error,
        Latency = latency,
        CompletedAt = at,
    };
}
