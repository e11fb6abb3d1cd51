using System.Globalization;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>
/// Polls one upstream, one request at a time: fork choice (required), then aggregator status (optional, only in the
/// rounds that ask it); when fork choice is a 404, falls back to the justified checkpoint, then the finalized state
/// prefix (slots without roots).
/// Stateless: one instance serves every job; the last fork choice it may revalidate is the registry's.
/// </summary>
internal sealed class UpstreamPollJob
{
    private readonly ILeanApiClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly UpstreamRegistry? _registry;

    /// <param name="client">The lean API client.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="registry">Where the upstream's last fork choice and its ETag are kept; without one every fetch is unconditional.</param>
    public UpstreamPollJob(ILeanApiClient client, TimeProvider timeProvider, UpstreamRegistry? registry = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _registry = registry;
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
            outcome = await PollAsync(context);
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

        // A finished job leaves nothing behind on the wire (and its budget timer is stopped).
        context.CancelOutstanding();
        context.Owner.OnJobEnded(context, outcome);
    }

    private async Task<PollOutcome> PollAsync(PollJobContext context)
    {
        // One request at a time: a node (zeam serves one connection at a time) never has two of ours (decision 0520).
        var upstream = context.Upstream;
        var cancellationToken = context.Token;
        // A 304 to the kept ETag answers the kept snapshot again (decision 1230): nothing in it is pooled, so reusing it is safe.
        var previous = _registry?.ForkChoiceValidatorOf(upstream);
        var forkChoice = previous is null
            ? await _client.GetForkChoiceAsync(upstream, cancellationToken)
            : await _client.GetForkChoiceAsync(upstream, previous, cancellationToken);
        if (forkChoice.IsSuccess)
        {
            var isAggregator = await AskAggregatorAsync(context);
            var nodeInfo = await ReadNodeInfoAsync(context);
            return PollOutcome.FromForkChoice(forkChoice.Value, isAggregator, _timeProvider.GetElapsedTime(context.StartedAt), _timeProvider.GetUtcNow()) with { NodeInfo = nodeInfo };
        }

        if (forkChoice.Error.StatusCode != 404)
        {
            // A failing node is not asked the optional question as well.
            return PollOutcome.Failed(forkChoice.Error, _timeProvider.GetElapsedTime(context.StartedAt), _timeProvider.GetUtcNow());
        }

        return await FallbackAsync(context, forkChoice.Error);
    }

    /// <summary>Older clients lack <c>fork_choice</c>: their slots are still worth showing, but they cannot vote on roots.</summary>
    private async Task<PollOutcome> FallbackAsync(PollJobContext context, LeanApiError forkChoiceError)
    {
        var upstream = context.Upstream;
        var cancellationToken = context.Token;
        var justified = await _client.GetJustifiedCheckpointAsync(upstream, cancellationToken);
        LeanApiResult<StatePrefix> prefix = justified.IsSuccess
            ? await _client.GetFinalizedStatePrefixAsync(upstream, cancellationToken)
            : justified.Error;
        var isAggregator = justified.IsSuccess && prefix.IsSuccess ? await AskAggregatorAsync(context) : null;
        var nodeInfo = justified.IsSuccess && prefix.IsSuccess ? await ReadNodeInfoAsync(context) : null;
        var latency = _timeProvider.GetElapsedTime(context.StartedAt);
        var now = _timeProvider.GetUtcNow();
        if (justified.IsSuccess && prefix.IsSuccess)
        {
            return PollOutcome.FromFallbackSlots(justified.Value.Slot, prefix.Value.Slot, isAggregator, latency, now) with { NodeInfo = nodeInfo };
        }

        var fallbackError = justified.Error ?? prefix.Error!;
        return PollOutcome.Failed(
            fallbackError with { Message = $"fork_choice: {forkChoiceError.Message}; fallback: {fallbackError.Message}" },
            latency,
            now);
    }

    /// <summary>
    /// The optional node routes the registry planned for this job, one after another (never two requests at once). A
    /// 404 is "not served" (the registry stops asking); any other failure is left for the next planned read.
    /// </summary>
    private async Task<NodeInfoReading?> ReadNodeInfoAsync(PollJobContext context)
    {
        var routes = context.NodeInfo;
        if (routes == NodeInfoRoutes.None)
        {
            return null;
        }

        var upstream = context.Upstream;
        var token = context.Token;
        var reading = new NodeInfoReading { Deferred = (routes & NodeInfoRoutes.Deferred) != 0 };
        try
        {
            if ((routes & NodeInfoRoutes.Identity) != 0)
            {
                var identity = await _client.GetNodeIdentityAsync(upstream, token);
                reading = Note(reading, NodeInfoRoutes.Identity, identity.Error);
                if (identity.IsSuccess)
                {
                    reading = reading with { Version = identity.Value.Version, PeerId = identity.Value.PeerId };
                }
            }

            // ream serves its version on a route of its own; a client whose identity gave one is not asked twice.
            if ((routes & NodeInfoRoutes.Version) != 0 && reading.Version is null)
            {
                var version = await _client.GetNodeVersionAsync(upstream, token);
                reading = Note(reading, NodeInfoRoutes.Version, version.Error);
                if (version.IsSuccess)
                {
                    reading = reading with { Version = version.Value };
                }
            }

            if ((routes & NodeInfoRoutes.Syncing) != 0)
            {
                var syncing = await _client.GetNodeSyncingAsync(upstream, token);
                reading = Note(reading, NodeInfoRoutes.Syncing, syncing.Error);
                if (syncing.IsSuccess)
                {
                    reading = reading with { Syncing = syncing.Value };
                }
            }

            if ((routes & NodeInfoRoutes.Genesis) != 0)
            {
                var genesis = await _client.GetGenesisTimeAsync(upstream, token);
                reading = Note(reading, NodeInfoRoutes.Genesis, genesis.Error);
                if (genesis.IsSuccess)
                {
                    reading = reading with { GenesisTime = genesis.Value };
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The fork choice already answered: what was read so far counts, the rest waits for the next planned read.
        }

        return reading;
    }

    private static NodeInfoReading Note(NodeInfoReading reading, NodeInfoRoutes route, LeanApiError? error) => error switch
    {
        null => reading with { Answered = reading.Answered | route },
        { StatusCode: 404 } => reading with { NotServed = reading.NotServed | route },
        _ => reading,
    };

    /// <summary>Only in the rounds that ask it (the registry keeps the last answer); null when not asked or not answered.</summary>
    private async Task<bool?> AskAggregatorAsync(PollJobContext context)
    {
        if (!context.AskAggregator)
        {
            return null;
        }

        try
        {
            var result = await _client.GetAggregatorStatusAsync(context.Upstream, context.Token);
            return result.IsSuccess ? result.Value : null;
        }
        catch (OperationCanceledException) when (context.Token.IsCancellationRequested)
        {
            // The fork choice already answered: a job budget spent on the optional question does not fail the poll.
            return null;
        }
    }
}
