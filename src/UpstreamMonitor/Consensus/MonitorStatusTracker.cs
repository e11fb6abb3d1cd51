using System.Globalization;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// The global status with leanpoint's semantics: the last published consensus values, last success (last round with
/// finalized consensus), error count (rounds without consensus) and leanpoint's last-error strings. A finalized
/// consensus lower than one already published is the majority's real view (leanSpec #1001): it is published, logged,
/// counted and flagged until finality is back where it was (decision 0903).
/// </summary>
internal sealed partial class MonitorStatusTracker
{
    public const string AllFailedPrefix = "all upstreams failed: ";
    public const string NoConsensusAmongUpstreams = "no consensus reached among upstreams";

    private readonly IConsensusRule _rule;
    private readonly ILogger<MonitorStatusTracker> _logger;

    // Handed over by the restart seeder (another thread), taken by the next Update on the poll loop.
    private MonitorStatus? _restored;

    // True from a restore until the first finalized majority of this run.
    private bool _chainFromBeforeRestart;

    public MonitorStatusTracker(IConsensusRule rule, ILogger<MonitorStatusTracker> logger)
    {
        _rule = rule ?? throw new ArgumentNullException(nameof(rule));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public MonitorStatus Current { get; private set; } = MonitorStatus.Initial;

    /// <summary>leanpoint's <c>k/n upstreams unreachable, no consensus</c>.</summary>
    public static string Unreachable(int unreachable, int configured) =>
        string.Create(CultureInfo.InvariantCulture, $"{unreachable}/{configured} upstreams unreachable, no consensus");

    /// <summary>
    /// Carries the last consensus of the previous run over a restart (from history): the checkpoints, last success and
    /// error count. It applies at the next round only if no round of this run has updated the status yet.
    /// </summary>
    public void Restore(ChainCheckpoints chain, DateTimeOffset? lastSuccess, long errorCount) =>
        Volatile.Write(ref _restored, MonitorStatus.Initial with { Chain = chain, LastSuccess = lastSuccess, ErrorCount = errorCount });

    /// <summary>
    /// Folds one round into the status. Returns the consensus to publish: always the computed one, also when its
    /// finalized majority moved back (it is flagged on <see cref="MonitorStatus.Regression"/> instead).
    /// </summary>
    public ConsensusView Update(ConsensusView consensus, IReadOnlyList<UpstreamStatus> rows, DateTimeOffset roundEnd)
    {
        ArgumentNullException.ThrowIfNull(consensus);
        ArgumentNullException.ThrowIfNull(rows);
        var status = TakeRestored() ?? Current;
        var regression = status.Regression;
        var regressions = status.FinalityRegressions;
        if (consensus.Finalized is { } finalized)
        {
            // Across a restart a lower finality may be a reorg or a devnet started afresh: the first majority of this
            // run is taken as it is (decision 1003), never flagged against the previous run's checkpoint.
            var fromBeforeRestart = _chainFromBeforeRestart;
            _chainFromBeforeRestart = false;
            if (!fromBeforeRestart && _rule.IsFinalityRegression(finalized, status))
            {
                var publishedSlot = status.Chain.Finalized.Slot ?? 0;
                LogFinalityRegression(finalized.Slot, finalized.Root, publishedSlot, status.Chain.Finalized.Root, finalized.Votes, consensus.TotalUpstreams);

                // A second step back still names the highest slot finality had reached, and when it first moved back.
                regression = regression is null
                    ? new FinalityRegression(publishedSlot, status.Chain.Finalized.Root, finalized.Slot, finalized.Root, roundEnd, roundEnd)
                    : regression with { ToSlot = finalized.Slot, ToRoot = finalized.Root, LatestStepAt = roundEnd };
                regressions++;
            }
            else if (regression is not null && finalized.Slot >= regression.FromSlot)
            {
                LogFinalityRecovered(finalized.Slot, regression.FromSlot);
                regression = null;
            }
            else if (regression is not null)
            {
                regression = regression with { ToSlot = finalized.Slot, ToRoot = finalized.Root };
            }
        }

        // Each checkpoint without a majority this round keeps its last published value.
        var chain = new ChainCheckpoints(
            consensus.Head?.Checkpoint ?? status.Chain.Head,
            consensus.Justified?.Checkpoint ?? status.Chain.Justified,
            consensus.Finalized?.Checkpoint ?? status.Chain.Finalized);
        Current = consensus.Finalized is not null
            ? status with { Chain = chain, LastUpdated = roundEnd, LastSuccess = roundEnd, LastError = null, Regression = regression, FinalityRegressions = regressions }
            : status with { Chain = chain, LastUpdated = roundEnd, ErrorCount = status.ErrorCount + 1, LastError = NoConsensusReason(rows) };
        return consensus;
    }

    private MonitorStatus? TakeRestored()
    {
        if (Interlocked.Exchange(ref _restored, null) is not { } restored || Current.LastUpdated is not null)
        {
            return null;
        }

        _chainFromBeforeRestart = true;
        LogRestored(restored.Chain.Finalized.Slot, restored.Chain.Justified.Slot, restored.ErrorCount);
        return restored;
    }

    /// <summary>
    /// Fills each row's lag behind the consensus head and its standing (the rule's classification against the published
    /// status and <paramref name="consensus"/>, the round's consensus as published).
    /// </summary>
    public IReadOnlyList<UpstreamStatus> Annotate(IReadOnlyList<UpstreamStatus> rows, ConsensusView consensus)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(consensus);
        var status = Current;
        var annotated = new UpstreamStatus[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var lag = status.Chain.Head.Slot is { } consensusHead && row.Chain.Head.Slot is { } headSlot ? consensusHead - headSlot : (long?)null;
            var standing = _rule.Classify(row, status, consensus);
            annotated[i] = row.LagSlots == lag && row.Standing == standing ? row : row with { LagSlots = lag, Standing = standing };
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Status carried over from before the restart: finalized slot {Finalized}, justified slot {Justified}, {Errors} rounds without consensus")]
    private partial void LogRestored(long? finalized, long? justified, long errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finality moved back: {Votes}/{Configured} upstreams agree on finalized slot {Slot} ({Root}), below the published {PublishedSlot} ({PublishedRoot}); published as the majority's view and flagged")]
    private partial void LogFinalityRegression(long slot, string root, long publishedSlot, string? publishedRoot, int votes, int configured);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finality recovered: the finalized consensus is at slot {Slot}, back at or beyond slot {FromSlot}")]
    private partial void LogFinalityRecovered(long slot, long fromSlot);
}
