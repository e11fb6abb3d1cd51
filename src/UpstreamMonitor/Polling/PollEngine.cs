using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>
/// Runs poll rounds and publishes one immutable snapshot after each. Not reentrant: <see cref="PollerService"/> (or a
/// test, or a benchmark) runs one round at a time; stragglers from earlier rounds are tracked across rounds.
/// </summary>
internal sealed partial class PollEngine
{
    private readonly UpstreamPollJob _job;
    private readonly IUpstreamSource _source;
    private readonly IOptionsMonitor<PollingOptions> _options;
    private readonly IOptionsMonitor<ConsensusOptions> _consensus;
    private readonly IOptionsMonitor<CheckpointSyncOptions> _checkpointSync;
    private readonly MonitorSnapshotStore _store;
    private readonly UpstreamRegistry _registry;
    private readonly IConsensusRule _rule;
    private readonly MonitorStatusTracker _status;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PollEngine> _logger;
    private readonly ConcurrentDictionary<string, PollJobContext> _running = new(StringComparer.Ordinal);
    private UpstreamSet _upstreams = UpstreamSet.Empty;
    private long _roundNumber;
    private long _version;

    public PollEngine(
        UpstreamPollJob job,
        IUpstreamSource source,
        IOptionsMonitor<PollingOptions> options,
        IOptionsMonitor<ConsensusOptions> consensus,
        IOptionsMonitor<CheckpointSyncOptions> checkpointSync,
        MonitorSnapshotStore store,
        UpstreamRegistry registry,
        IConsensusRule rule,
        MonitorStatusTracker status,
        TimeProvider timeProvider,
        ILogger<PollEngine> logger)
    {
        _job = job ?? throw new ArgumentNullException(nameof(job));
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _consensus = consensus ?? throw new ArgumentNullException(nameof(consensus));
        _checkpointSync = checkpointSync ?? throw new ArgumentNullException(nameof(checkpointSync));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _rule = rule ?? throw new ArgumentNullException(nameof(rule));
        _status = status ?? throw new ArgumentNullException(nameof(status));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Gate = new PollGate(_options.CurrentValue.GateCapacity);
    }

    /// <summary>The gate shared by every round (stragglers keep their slots across rounds).</summary>
    public PollGate Gate { get; }

    /// <summary>Upstreams whose job is still running (stragglers once a round has ended).</summary>
    public int RunningJobs => _running.Count;

    /// <summary>Publishes the configured upstreams as Pending rows, so the dashboard shows them before the first round ends.</summary>
    public async Task PublishPendingAsync(CancellationToken cancellationToken)
    {
        await RefreshUpstreamsAsync(cancellationToken);
        var rows = _registry.Rows();
        var consensus = ConsensusView.None(rows.Count, _consensus.CurrentValue.ConsensusThresholdPercent);
        Publish(rows, consensus, lastRound: null);
    }

    /// <summary>Runs one round end to end: reads the upstream set, polls, computes consensus, publishes the snapshot.</summary>
    public async Task<RoundStatistics> RunRoundAsync(CancellationToken cancellationToken)
    {
        var upstreams = await RefreshUpstreamsAsync(cancellationToken);
        var options = _options.CurrentValue;
        var budget = RoundBudget.For(options, upstreams.Count);
        Gate.Resize(budget.Capacity);

        var roundNumber = ++_roundNumber;
        var askAggregator = PollRound.AsksAggregator(roundNumber, options.AggregatorEveryRounds);
        var plannedAt = _timeProvider.GetUtcNow();
        var identityEvery = options.IdentityEveryRounds;
        var nodeInfoBudget = NodeInfoRoundBudget.For(budget.Capacity);
        var round = new PollRound(
            upstreams, budget, Gate, _running, _job, _timeProvider, askAggregator,
            u => nodeInfoBudget.Admit(_registry.PlanNodeInfo(u.Name, roundNumber, identityEvery, plannedAt)));
        var result = await round.RunAsync(cancellationToken);

        _registry.Apply(result, roundNumber);
        var rows = _registry.Rows();
        var consensus = _status.Update(_rule.Decide(rows, _consensus.CurrentValue.ConsensusThresholdPercent), rows, result.FinishedAt);
        var statistics = new RoundStatistics
        {
            Number = roundNumber,
            StartedAt = result.StartedAt,
            FinishedAt = result.FinishedAt,
            Budget = budget.Round,
            Concurrency = budget.Capacity,
            Dispatched = result.Dispatched,
            Completed = result.Completed,
            Failed = result.Failed,
            Abandoned = result.Abandoned,
            Skipped = result.Skipped,
            InFlight = result.InFlight,
        };
        Publish(_status.Annotate(rows, consensus), consensus, statistics);
        LogRound(statistics, consensus);
        return statistics;
    }

    private async Task<IReadOnlyList<UpstreamDefinition>> RefreshUpstreamsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var current = await _source.GetCurrentAsync(cancellationToken);
            if (!ReferenceEquals(current, _upstreams))
            {
                if (current.Count != _upstreams.Count || !string.Equals(current.Origin, _upstreams.Origin, StringComparison.Ordinal))
                {
                    LogUpstreamSet(current.Count, current.Origin);
                }

                _upstreams = current;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The source keeps the last good set itself; if it throws anyway, poll what we had rather than nothing.
            LogUpstreamSourceFailed(ex, _upstreams.Count);
        }

        return _registry.Reconcile(_upstreams);
    }

    private void Publish(IReadOnlyList<UpstreamStatus> rows, ConsensusView consensus, RoundStatistics? lastRound)
    {
        _store.Publish(new MonitorSnapshot
        {
            Version = ++_version,
            Upstreams = rows,
            Consensus = consensus,
            Status = _status.Current,
            LastRound = lastRound,
            StaleAfter = _checkpointSync.CurrentValue.StaleAfter,
            GateInFlight = Gate.InFlight,
        });
    }

    private void LogRound(RoundStatistics statistics, ConsensusView consensus)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var finalized = Describe(consensus.Finalized);
        var justified = Describe(consensus.Justified);
        var head = Describe(consensus.Head);
        var durationMs = (long)statistics.Duration.TotalMilliseconds;
        var budgetMs = (long)statistics.Budget.TotalMilliseconds;
        LogRoundFinished(
            statistics.Number,
            finalized,
            justified,
            head,
            consensus.RespondingUpstreams,
            consensus.TotalUpstreams,
            statistics.Dispatched,
            statistics.Completed,
            statistics.Failed,
            statistics.Abandoned,
            statistics.Skipped,
            statistics.InFlight,
            durationMs,
            budgetMs);
    }

    private static string Describe(CheckpointVote? vote) =>
        vote is null ? "none" : string.Create(CultureInfo.InvariantCulture, $"{vote.Slot} ({vote.Votes} votes)");

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {Round}: finalized {Finalized}, justified {Justified}, head {Head} ({Responding}/{Configured} responding); dispatched {Dispatched}, completed {Completed}, failed {Failed}, abandoned {Abandoned}, skipped {Skipped}, in flight {InFlight}; {DurationMs} ms of {BudgetMs} ms budget")]
    private partial void LogRoundFinished(
        long round,
        string finalized,
        string justified,
        string head,
        int responding,
        int configured,
        int dispatched,
        int completed,
        int failed,
        int abandoned,
        int skipped,
        int inFlight,
        long durationMs,
        long budgetMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling {Count} upstreams from {Origin}")]
    private partial void LogUpstreamSet(int count, string origin);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the upstream set failed; polling the previous {Count} upstreams")]
    private partial void LogUpstreamSourceFailed(Exception exception, int count);
}
