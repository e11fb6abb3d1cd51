using System.Globalization;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>
/// Polls one upstream: fork choice (required) and aggregator status (optional) concurrently; when fork choice is a 404,
/// falls back to the justified checkpoint plus the finalized state prefix (slots without roots).
/// Stateless: one instance serves every job.
/// </summary>
internal sealed class UpstreamPollJob
{
    private readonly ILeanApiClient _client;
    private readonly TimeProvider _timeProvider;

    public UpstreamPollJob(ILeanApiClient client, TimeProvider timeProvider)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>
    /// Runs the job to its real end and reports it to <see cref="PollJobContext.Owner"/>. Never throws: the dispatcher
    /// starts it without awaiting (no Task.Run: it runs inline up to its first await, then on I/O completions).
    /// </summary>
    public async Task RunAsync(PollJobContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PollOutcome outcome;
        try
        {
            outcome = await PollAsync(context.Upstream, context.StartedAt, context.Token);
        }
        catch (OperationCanceledException) when (context.Token.IsCancellationRequested)
        {
            // Either the job budget ran out or the round abandoned the job; in the latter case this result is discarded.
            outcome = PollOutcome.TimedOut(
                string.Create(CultureInfo.InvariantCulture, $"timeout: no answer within the job budget of {(long)context.JobBudget.TotalMilliseconds} ms"),
                _timeProvider.GetElapsedTime(context.StartedAt),
                _timeProvider.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The client reports node failures as data; anything thrown is a bug worth showing, not a reason to stop polling.
            outcome = PollOutcome.Faulted(
                $"unexpected {ex.GetType().Name}: {UrlRedaction.MaskText(ex.Message, context.Upstream.Url)}",
                _timeProvider.GetElapsedTime(context.StartedAt),
                _timeProvider.GetUtcNow());
        }

        // Stop any side request still running (the aggregator question after a failed fork choice): a finished job
        // leaves nothing behind on the wire.
        context.CancelOutstanding();
        context.Owner.OnJobEnded(context, outcome);
    }

    private async Task<PollOutcome> PollAsync(UpstreamDefinition upstream, long startedAt, CancellationToken cancellationToken)
    {
        var aggregator = _client.GetAggregatorStatusAsync(upstream, cancellationToken);
        LeanApiResult<ForkChoiceSnapshot> forkChoice;
        try
        {
            forkChoice = await _client.GetForkChoiceAsync(upstream, cancellationToken);
        }
        catch
        {
            await ObserveAsync(aggregator);
            throw;
        }

        if (forkChoice.IsSuccess)
        {
            var isAggregator = await ObserveAsync(aggregator);
            return PollOutcome.FromForkChoice(forkChoice.Value, isAggregator, _timeProvider.GetElapsedTime(startedAt), _timeProvider.GetUtcNow());
        }

        if (forkChoice.Error.StatusCode != 404)
        {
            // No need to wait for the optional aggregator answer: RunAsync cancels it as the job ends.
            return PollOutcome.Failed(forkChoice.Error, _timeProvider.GetElapsedTime(startedAt), _timeProvider.GetUtcNow());
        }

        return await FallbackAsync(upstream, forkChoice.Error, aggregator, startedAt, cancellationToken);
    }

    /// <summary>Older clients lack <c>fork_choice</c>: their slots are still worth showing, but they cannot vote on roots.</summary>
    private async Task<PollOutcome> FallbackAsync(
        UpstreamDefinition upstream,
        LeanApiError forkChoiceError,
        Task<LeanApiResult<bool>> aggregator,
        long startedAt,
        CancellationToken cancellationToken)
    {
        var justifiedTask = _client.GetJustifiedCheckpointAsync(upstream, cancellationToken);
        LeanApiResult<StatePrefix> prefix;
        LeanApiResult<Checkpoint> justified;
        try
        {
            prefix = await _client.GetFinalizedStatePrefixAsync(upstream, cancellationToken);
        }
        finally
        {
            justified = await justifiedTask;
        }

        var isAggregator = await ObserveAsync(aggregator);
        var latency = _timeProvider.GetElapsedTime(startedAt);
        var now = _timeProvider.GetUtcNow();
        if (justified.IsSuccess && prefix.IsSuccess)
        {
            return PollOutcome.FromFallbackSlots(justified.Value.Slot, prefix.Value.Slot, isAggregator, latency, now);
        }

        var fallbackError = justified.Error ?? prefix.Error!;
        return PollOutcome.Failed(
            fallbackError with { Message = $"fork_choice: {forkChoiceError.Message}; fallback: {fallbackError.Message}" },
            latency,
            now);
    }

    private static async Task<bool?> ObserveAsync(Task<LeanApiResult<bool>> aggregator)
    {
        try
        {
            var result = await aggregator;
            return result.IsSuccess ? result.Value : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The aggregator flag is optional: a failure (or cancellation) of that call never fails the poll.
            return null;
        }
    }
}
