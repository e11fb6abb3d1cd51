using System.Globalization;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// The global status with leanpoint's semantics: the last published consensus values, last success (last round with
/// finalized consensus), error count (rounds without consensus) and leanpoint's last-error strings. Finality never goes
/// backwards: a finalized consensus lower than one already published is logged, counted and not published.
/// </summary>
public sealed partial class MonitorStatusTracker
{
    public const string AllFailedPrefix = "all upstreams failed: ";
    public const string NoConsensusAmongUpstreams = "no consensus reached among upstreams";

    private readonly ILogger<MonitorStatusTracker> _logger;

    public MonitorStatusTracker(ILogger<MonitorStatusTracker> logger)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public MonitorStatus Current { get; private set; } = MonitorStatus.Initial;

    /// <summary>leanpoint's <c>k/n upstreams unreachable, no consensus</c>.</summary>
    public static string Unreachable(int unreachable, int configured) =>
        string.Create(CultureInfo.InvariantCulture, $"{unreachable}/{configured} upstreams unreachable, no consensus");

    /// <summary>
    /// Folds one round into the status. Returns the consensus to publish: the computed one, or, on a finality regression,
    /// the same without its majorities (they are never published).
    /// </summary>
    public ConsensusView Update(ConsensusView consensus, IReadOnlyList<UpstreamStatus> rows, DateTimeOffset roundEnd)
    {
        ArgumentNullException.ThrowIfNull(consensus);
        ArgumentNullException.ThrowIfNull(rows);
        var status = Current;
        if (consensus.Finalized is { } finalized && status.FinalizedRoot is not null && finalized.Slot < status.FinalizedSlot)
        {
            LogFinalityRegression(finalized.Slot, finalized.Root, status.FinalizedSlot, status.FinalizedRoot, finalized.Votes, consensus.TotalUpstreams);
            Current = status with
            {
                LastUpdated = roundEnd,
                ErrorCount = status.ErrorCount + 1,
                FinalityRegressions = status.FinalityRegressions + 1,
                LastError = string.Create(
                    CultureInfo.InvariantCulture,
                    $"finalized consensus regressed to slot {finalized.Slot} below {status.FinalizedSlot}; not published"),
            };
            return consensus with
            {
                Finalized = null,
                Justified = null,
                Head = null,
                FinalizedForks = [.. consensus.FinalizedForks.Select(f => f with { IsMajority = false })],
                HeadForks = [.. consensus.HeadForks.Select(f => f with { IsMajority = false })],
            };
        }

        status = status with { LastUpdated = roundEnd };
        if (consensus.Justified is { } justified)
        {
            status = status with { JustifiedSlot = justified.Slot, JustifiedRoot = justified.Root };
        }

        if (consensus.Head is { } head)
        {
            status = status with { HeadSlot = head.Slot, HeadRoot = head.Root };
        }

        Current = consensus.Finalized is { } reached
            ? status with { FinalizedSlot = reached.Slot, FinalizedRoot = reached.Root, LastSuccess = roundEnd, LastError = null }
            : status with { ErrorCount = status.ErrorCount + 1, LastError = NoConsensusReason(rows) };
        return consensus;
    }

    /// <summary>Fills each row's lag behind the consensus head and whether it is on the consensus finalized checkpoint.</summary>
    public IReadOnlyList<UpstreamStatus> Annotate(IReadOnlyList<UpstreamStatus> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var status = Current;
        var annotated = new UpstreamStatus[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var lag = status.HeadSlot is { } consensusHead && row.HeadSlot is { } headSlot ? consensusHead - headSlot : (long?)null;
            var inConsensus = row.State == UpstreamPollState.Ok
                && status.FinalizedRoot is not null
                && row.FinalizedSlot == status.FinalizedSlot
                && string.Equals(row.FinalizedRoot, status.FinalizedRoot, StringComparison.Ordinal);
            annotated[i] = row.LagSlots == lag && row.InConsensus == inConsensus ? row : row with { LagSlots = lag, InConsensus = inConsensus };
        }

        return annotated;
    }

    /// <summary>leanpoint's three reasons, from the rows of the round.</summary>
    public static string NoConsensusReason(IReadOnlyList<UpstreamStatus> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return AllFailedPrefix + "no upstreams configured";
        }

        var unreachable = 0;
        string? firstError = null;
        foreach (var row in rows)
        {
            if (row.State == UpstreamPollState.Ok)
            {
                continue;
            }

            unreachable++;
            firstError ??= Describe(row);
        }

        if (unreachable == rows.Count)
        {
            return AllFailedPrefix + firstError;
        }

        return unreachable > 0 ? Unreachable(unreachable, rows.Count) : NoConsensusAmongUpstreams;
    }

    private static string Describe(UpstreamStatus row) => row.State switch
    {
        UpstreamPollState.Error or UpstreamPollState.Timeout when row.LastError is not null => row.LastError,
        UpstreamPollState.Skipped => "skipped (round deadline reached before dispatch)",
        UpstreamPollState.InFlight => "in flight (previous poll still running)",
        UpstreamPollState.Pending => "not polled yet",
        _ => row.State.ToString().ToLowerInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finality regression: {Votes}/{Configured} upstreams agree on finalized slot {Slot} ({Root}), below the published {PublishedSlot} ({PublishedRoot}); not published")]
    private partial void LogFinalityRegression(long slot, string root, long publishedSlot, string publishedRoot, int votes, int configured);
}
