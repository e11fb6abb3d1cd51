using System.Collections.Concurrent;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>
/// One round: dispatches a job per upstream through the gate until the deadline, then ends on time. Jobs still running
/// at the deadline are abandoned (cancelled; their late results are discarded); they keep their gate slot until they
/// really end. An upstream whose earlier job still runs is not dispatched again.
/// </summary>
internal sealed class PollRound : IPollJobOwner
{
    private readonly IReadOnlyList<UpstreamDefinition> _upstreams;
    private readonly RoundBudget _budget;
    private readonly PollGate _gate;
    private readonly ConcurrentDictionary<string, PollJobContext> _running;
    private readonly UpstreamPollJob _job;
    private readonly TimeProvider _timeProvider;
    private readonly bool _askAggregator;
    private readonly Func<UpstreamDefinition, NodeInfoRoutes>? _nodeInfoPlan;
    private readonly TaskCompletionSource _allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Starts at 1: the dispatcher's own hold, dropped after the last dispatch, so "all ended" cannot fire early.
    private int _pending = 1;

    // running: the jobs still running, by upstream name, shared across rounds (stragglers live here).
    public PollRound(
        IReadOnlyList<UpstreamDefinition> upstreams,
        RoundBudget budget,
        PollGate gate,
        ConcurrentDictionary<string, PollJobContext> running,
        UpstreamPollJob job,
        TimeProvider timeProvider,
        bool askAggregator = true,
        Func<UpstreamDefinition, NodeInfoRoutes>? nodeInfoPlan = null)
    {
        _upstreams = upstreams ?? throw new ArgumentNullException(nameof(upstreams));
        _budget = budget;
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _running = running ?? throw new ArgumentNullException(nameof(running));
        _job = job ?? throw new ArgumentNullException(nameof(job));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _askAggregator = askAggregator;
        _nodeInfoPlan = nodeInfoPlan;
    }

    /// <summary>
    /// Whether round <paramref name="roundNumber"/> (1-based) asks the aggregator question: the first round, then every
    /// <paramref name="everyRounds"/> rounds (the registry keeps the last answer in between).
    /// </summary>
    public static bool AsksAggregator(long roundNumber, int everyRounds) => everyRounds <= 1 || (roundNumber - 1) % everyRounds == 0;

    public async Task<PollRoundResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetUtcNow();
        var count = _upstreams.Count;
        var contexts = new PollJobContext?[count];
        var dispositions = new PollDisposition[count];

        using var deadline = new CancellationTokenSource(_budget.Round, _timeProvider);
        using var stopping = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), deadline);

        var next = 0;
        for (; next < count; next++)
        {
            var upstream = _upstreams[next];
            if (_running.ContainsKey(upstream.Name))
            {
                dispositions[next] = PollDisposition.InFlight;
                continue;
            }

            // A free slot or the deadline, whichever comes first.
            if (!await _gate.WaitAsync(deadline.Token))
            {
                break;
            }

            var context = new PollJobContext(upstream, this, _budget.JobBudget, _timeProvider)
            {
                AskAggregator = _askAggregator,
                NodeInfo = _nodeInfoPlan?.Invoke(upstream) ?? NodeInfoRoutes.None,
            };
            contexts[next] = context;
            _running[upstream.Name] = context;
            Interlocked.Increment(ref _pending);

            // Runs inline to its first await; completion arrives on I/O threads and frees the slot at once.
            _ = _job.RunAsync(context);
        }

        for (; next < count; next++)
        {
            dispositions[next] = _running.ContainsKey(_upstreams[next].Name) ? PollDisposition.InFlight : PollDisposition.Skipped;
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _allEnded.TrySetResult();
        }

        await _allEnded.Task.WaitAsync(deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var finishedAt = _timeProvider.GetUtcNow();
        return Collect(contexts, dispositions, startedAt, finishedAt);
    }

    void IPollJobOwner.OnJobEnded(PollJobContext context, in PollOutcome outcome)
    {
        // Discarded when the round already abandoned the job: a late result never reaches any round's state.
        context.TryComplete(outcome);
        _running.TryRemove(new KeyValuePair<string, PollJobContext>(context.Upstream.Name, context));
        _gate.Release();
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _allEnded.TrySetResult();
        }

        context.Release();
    }

    private PollRoundResult Collect(PollJobContext?[] contexts, PollDisposition[] dispositions, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        var entries = new PollRoundEntry[contexts.Length];
        int dispatched = 0, completed = 0, failed = 0, abandoned = 0, skipped = 0, inFlight = 0;
        for (var i = 0; i < contexts.Length; i++)
        {
            var upstream = _upstreams[i];
            var context = contexts[i];
            if (context is null)
            {
                entries[i] = new PollRoundEntry(upstream, dispositions[i], default);
                if (dispositions[i] == PollDisposition.Skipped)
                {
                    skipped++;
                }
                else
                {
                    inFlight++;
                }

                continue;
            }

            dispatched++;
            if (context.TryAbandon())
            {
                abandoned++;
                var outcome = PollOutcome.TimedOut(PollOutcome.AbandonedError, _timeProvider.GetElapsedTime(context.StartedAt), finishedAt);
                entries[i] = new PollRoundEntry(upstream, PollDisposition.Abandoned, outcome);
            }
            else
            {
                completed++;
                var outcome = context.Outcome;
                if (!outcome.IsSuccess)
                {
                    failed++;
                }

                entries[i] = new PollRoundEntry(upstream, PollDisposition.Completed, outcome);
            }

            context.Release();
        }

        return new PollRoundResult(entries, _budget, startedAt, finishedAt, dispatched, completed, failed, abandoned, skipped, inFlight);
    }
}
