using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The lean API client over the <see cref="IHttpClientFactory"/> named clients' handlers (see <see cref="LeanApiHttpClients"/>).
/// Response headers are awaited under the resilience pipeline's timeout; the body is read under the same budget by a
/// deadline of its own (a stalled or trickling body is still a timeout) and with a size bound.
/// </summary>
/// <remarks>
/// Requests go through an <see cref="HttpMessageInvoker"/> per named client rather than an <see cref="HttpClient"/> per
/// request: the client only adds a linked cancellation source and its own bookkeeping to each request, none of which the
/// monitor uses (it sets no base address, default headers or client timeout; decision 1250).
/// </remarks>
public sealed class DefaultLeanApiClient : ILeanApiClient, IDisposable
{
    private const string JsonMediaType = "application/json";
    private const string SszMediaType = "application/octet-stream";

    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new(JsonMediaType);
    private static readonly MediaTypeWithQualityHeaderValue AcceptSsz = new(SszMediaType);

    private readonly HttpMessageInvoker _node;
    private readonly HttpMessageInvoker _statePrefix;
    private readonly IOptionsMonitor<PollingOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DefaultLeanApiClient> _logger;

    public DefaultLeanApiClient(
        IHttpMessageHandlerFactory handlerFactory,
        IOptionsMonitor<PollingOptions> options,
        TimeProvider timeProvider,
        ILogger<DefaultLeanApiClient> logger)
    {
        ArgumentNullException.ThrowIfNull(handlerFactory);

        // The handlers never expire (SetHandlerLifetime(Infinite)), so one invoker per pool serves every request.
        _node = new HttpMessageInvoker(handlerFactory.CreateHandler(LeanApiHttpClients.Node), disposeHandler: false);
        _statePrefix = new HttpMessageInvoker(handlerFactory.CreateHandler(LeanApiHttpClients.StatePrefix), disposeHandler: false);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Drops the invokers; the handlers (and their connection pools) belong to the factory.</summary>
    public void Dispose()
    {
        _node.Dispose();
        _statePrefix.Dispose();
    }

    public Task<LeanApiResult<ForkChoiceSnapshot>> GetForkChoiceAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        GetForkChoiceAsync(upstream, previous: null, cancellationToken);

    public Task<LeanApiResult<ForkChoiceSnapshot>> GetForkChoiceAsync(
        UpstreamDefinition upstream, ForkChoiceSnapshot? previous, CancellationToken cancellationToken)
    {
        // Only a previous answer that carried a valid tag makes the request conditional (decision 1230).
        var ifNoneMatch = previous?.ETag;
        return SendAsync(
            upstream,
            LeanApiRoute.ForkChoice,
            Exchange.Poll,
            static async (response, progress, ct) =>
            {
                using var body = await BoundedBodyReader.ReadPooledAsync(
                    response.Content, LeanApiLimits.ForkChoiceBodyBytes, "fork choice body", progress, ct);
                var parsed = ForkChoiceParser.Parse(body.Span, response.Content.Headers.ContentType?.MediaType);

                // The one copy of the body the monitor keeps (the pooled buffer goes back to the pool here).
                return parsed.IsSuccess
                    ? LeanApiResult.Success(parsed.Value with { Body = ForkChoiceBody.From(body.Span), ETag = ForkChoiceETag.Read(response) })
                    : parsed;
            },
            cancellationToken,
            ifNoneMatch,
            () => ifNoneMatch is not null
                ? LeanApiResult.Success(previous! with { NotModified = true })
                : new LeanApiError(
                    LeanApiErrorKind.HttpStatus,
                    "HTTP 304 Not Modified, but no If-None-Match was sent: there is no previous fork choice to reuse",
                    304));
    }

    public Task<LeanApiResult<Checkpoint>> GetJustifiedCheckpointAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        SendAsync(upstream, LeanApiRoute.JustifiedCheckpoint, Exchange.Poll, static async (response, progress, ct) =>
        {
            using var body = await BoundedBodyReader.ReadPooledAsync(
                response.Content, LeanApiLimits.SmallJsonBodyBytes, "justified checkpoint body", progress, ct);
            return LeanJsonBodies.ParseCheckpoint(body.Span, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken);

    public Task<LeanApiResult<string>> GetHealthAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        SendAsync(upstream, LeanApiRoute.Health, Exchange.Poll, static async (response, progress, ct) =>
        {
            using var body = await BoundedBodyReader.ReadPooledAsync(
                response.Content, LeanApiLimits.SmallJsonBodyBytes, "health body", progress, ct);
            return LeanJsonBodies.ParseHealth(body.Span, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken);

    public Task<LeanApiResult<bool>> GetAggregatorStatusAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        SendAsync(upstream, LeanApiRoute.Aggregator, Exchange.Aggregator, static async (response, progress, ct) =>
        {
            using var body = await BoundedBodyReader.ReadPooledAsync(
                response.Content, LeanApiLimits.SmallJsonBodyBytes, "aggregator status body", progress, ct);
            return LeanJsonBodies.ParseAggregatorStatus(body.Span, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken);

    public Task<LeanApiResult<NodeIdentity>> GetNodeIdentityAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        SendAsync(upstream, LeanApiRoute.NodeIdentity, Exchange.Aggregator, static async (response, progress, ct) =>
        {
            using var body = await BoundedBodyReader.ReadPooledAsync(
                response.Content, LeanApiLimits.SmallJsonBodyBytes, "node identity body", progress, ct);
            return NodeInfoBodies.ParseIdentity(body.Span, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken);

    public Task<LeanApiResult<string>> GetNodeVersionAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        SendAsync(upstream, LeanApiRoute.NodeVersion, Exchange.Aggregator, static async (response, progress, ct) =>
        {
            using var body = await BoundedBodyReader.ReadPooledAsync(
                response.Content, LeanApiLimits.SmallJsonBodyBytes, "node version body", progress, ct);
            return NodeInfoBodies.ParseVersion(body.Span, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken);

    public Task<LeanApiResult<NodeSyncStatus>> GetNodeSyncingAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        SendAsync(upstream, LeanApiRoute.NodeSyncing, Exchange.Aggregator, static async (response, progress, ct) =>
        {
            using var body = await BoundedBodyReader.ReadPooledAsync(
                response.Content, LeanApiLimits.SmallJsonBodyBytes, "node syncing body", progress, ct);
            return NodeInfoBodies.ParseSyncing(body.Span, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken);

    public Task<LeanApiResult<long>> GetGenesisTimeAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        SendAsync(upstream, LeanApiRoute.Genesis, Exchange.Aggregator, static async (response, progress, ct) =>
        {
            using var body = await BoundedBodyReader.ReadPooledAsync(
                response.Content, LeanApiLimits.SmallJsonBodyBytes, "genesis body", progress, ct);
            return NodeInfoBodies.ParseGenesis(body.Span, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken);

    public Task<LeanApiResult<StatePrefix>> GetFinalizedStatePrefixAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        SendAsync(upstream, LeanApiRoute.FinalizedState, Exchange.Prefix, static async (response, progress, ct) =>
        {
            // Read the fixed part only. Disposing the response then closes the connection rather than draining the
            // megabytes behind it (the handler's MaxResponseDrainSize is 0).
            var prefix = new byte[StatePrefix.Length];
            var stream = await response.Content.ReadAsStreamAsync(ct);
            var count = await BoundedBodyReader.ReadPrefixAsync(stream, prefix, progress, ct);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            return mediaType is not null && LeanApiErrors.IsText(mediaType)
                ? LeanApiErrors.NotSsz(mediaType, prefix.AsSpan(0, count))
                : StatePrefixParser.Parse(prefix.AsSpan(0, count));
        }, cancellationToken);

    public Task<LeanApiResult<byte[]>> GetFinalizedStateAsync(UpstreamDefinition upstream, long maxBytes, CancellationToken cancellationToken) =>
        DownloadAsync(upstream, LeanApiRoute.FinalizedState, "finalized state", maxBytes, cancellationToken);

    public Task<LeanApiResult<byte[]>> GetFinalizedBlockAsync(UpstreamDefinition upstream, long maxBytes, CancellationToken cancellationToken) =>
        DownloadAsync(upstream, LeanApiRoute.FinalizedBlock, "finalized block", maxBytes, cancellationToken);

    private Task<LeanApiResult<byte[]>> DownloadAsync(
        UpstreamDefinition upstream, LeanApiRoute route, string what, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return SendAsync(upstream, route, Exchange.Download, async (response, progress, ct) =>
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && LeanApiErrors.IsText(mediaType))
            {
                var first = new byte[LeanApiLimits.ErrorExcerptBytes];
                var stream = await response.Content.ReadAsStreamAsync(ct);
                var count = await BoundedBodyReader.ReadPrefixAsync(stream, first, progress, ct);
                return LeanApiErrors.NotSsz(mediaType, first.AsSpan(0, count));
            }

            var bytes = await BoundedBodyReader.ReadExactAsync(response.Content, maxBytes, what, progress, ct);
            return LeanApiResult.Success(bytes);
        }, cancellationToken);
    }

    private async Task<LeanApiResult<T>> SendAsync<T>(
        UpstreamDefinition upstream,
        LeanApiRoute route,
        Exchange exchange,
        Func<HttpResponseMessage, ExchangeProgress, CancellationToken, ValueTask<LeanApiResult<T>>> readSuccess,
        CancellationToken cancellationToken,
        string? ifNoneMatch = null,
        Func<LeanApiResult<T>>? notModified = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var target = UpstreamRequestTarget.For(upstream);
        var requestUri = target.UriOf(route);
        var current = _options.CurrentValue;
        var timeout = exchange switch
        {
            Exchange.Aggregator => LeanApiTimeouts.Aggregator(current),
            Exchange.Download => LeanApiTimeouts.Download(current),
            _ => LeanApiTimeouts.Poll(current),
        };

        var progress = new ExchangeProgress();

        // The resilience pipeline times the wait for headers; this deadline (same budget) also covers the body.
        // One source per request: the budget's timer, also cancelled by the caller's token (a registration, not a linked source).
        using var deadline = new CancellationTokenSource(timeout, _timeProvider);
        using var callerCancelled = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), deadline);
        var token = deadline.Token;
        LeanApiResult<T> result;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, requestUri);
            request.Headers.Accept.Add(exchange is Exchange.Prefix or Exchange.Download ? AcceptSsz : AcceptJson);
            request.Headers.Authorization = target.Authorization;
            if (ifNoneMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            }

            request.Options.Set(LeanApiServiceCollectionExtensions.TimeoutKey, timeout);
            progress.AttachTo(request);

            // An invoker returns once the headers are in: the body is read below, under the same deadline.
            var invoker = exchange == Exchange.Prefix ? _statePrefix : _node;
            using var response = await invoker.SendAsync(request, token);
            progress.HeadersReceived = true;
            result = response.IsSuccessStatusCode
                ? await readSuccess(response, progress, token)
                : response.StatusCode == HttpStatusCode.NotModified && notModified is not null
                    ? notModified()
                    : await StatusErrorAsync<T>(response, progress, ExcerptBudget(timeout), token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var error = LeanApiErrors.FromException(exception, requestUri, timeout, progress);
            if (error is null)
            {
                LeanApiLog.UnexpectedFailure(_logger, upstream.Name, route, exception);
                error = new LeanApiError(LeanApiErrorKind.ConnectionFailed, $"request failed: {exception.GetType().Name}");
            }

            result = error;
        }

        if (!result.IsSuccess)
        {
            var error = result.Error;
            var scrubbed = target.Scrub(error.Message);
            if (scrubbed != error.Message)
            {
                error = error with { Message = scrubbed };
                result = error;
            }

            LeanApiLog.RequestFailed(_logger, upstream.Name, route, error.Message);
        }

        return result;
    }

    /// <summary>An error body is only a hint: it gets a slice of the budget, so a 503 whose body stalls is reported promptly.</summary>
    private static TimeSpan ExcerptBudget(TimeSpan timeout) => TimeSpan.FromTicks(Math.Min(timeout.Ticks, TimeSpan.FromSeconds(1).Ticks));

    private async ValueTask<LeanApiResult<T>> StatusErrorAsync<T>(
        HttpResponseMessage response, ExchangeProgress progress, TimeSpan budget, CancellationToken cancellationToken)
    {
        string? excerpt = null;
        var code = (int)response.StatusCode;
        if (code is < 300 or >= 400)
        {
            // Error bodies are only a hint (plain text in some clients, {"error": …} in others): a short read, best effort.
            var first = new byte[LeanApiLimits.ErrorExcerptBytes];
            using var excerptDeadline = new CancellationTokenSource(budget, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, excerptDeadline.Token);
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(linked.Token);
                var count = await BoundedBodyReader.ReadPrefixAsync(stream, first, progress, linked.Token);
                excerpt = LeanApiErrors.StatusExcerpt(first.AsSpan(0, count), response.Content.Headers.ContentType);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
            {
                // The status says enough even when its body stalls or breaks off.
            }
        }

        return LeanApiErrors.Status(response, excerpt);
    }

    /// <summary>Which pool, timeout and Accept header a request uses.</summary>
    private enum Exchange
    {
        Poll,
        Prefix,
        Aggregator,
        Download,
    }
}
