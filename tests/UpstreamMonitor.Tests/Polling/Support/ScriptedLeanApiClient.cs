using System.Collections.Concurrent;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Polling.Support;

/// <summary>
/// A scriptable <see cref="ILeanApiClient"/>: each upstream's fork choice answer, delay (on the fake clock) and whether
/// the call honours cancellation. Records calls and the most concurrent calls seen per upstream.
/// </summary>
internal sealed class ScriptedLeanApiClient(TimeProvider timeProvider) : ILeanApiClient
{
    private readonly ConcurrentDictionary<string, Script> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private int _running;
    private int _maxRunning;

    /// <summary>Most fork-choice calls running at once, across all upstreams.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public int Running => Volatile.Read(ref _running);

    public ConcurrentQueue<(string Upstream, DateTimeOffset At)> CallLog { get; } = new();

    /// <summary>When set, every node serves <c>/lean/v0/genesis</c> with this time (and the calls are counted); 404 otherwise.</summary>
    public long? GenesisTime { get; set; }

    private int _genesisCalls;

    public int GenesisCalls => Volatile.Read(ref _genesisCalls);

    private int _identityCalls;

    /// <summary>Identity calls (answered with a version when <see cref="GenesisTime"/> is set, 404 otherwise).</summary>
    public int IdentityCalls => Volatile.Read(ref _identityCalls);

    public Task<LeanApiResult<NodeIdentity>> GetNodeIdentityAsync(UpstreamDefinition upstream, CancellationToken cancellationToken)
    {
        if (GenesisTime is null)
        {
            return Task.FromResult(LeanApiResult.Failure<NodeIdentity>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404 Not Found: /lean/v0/node/identity is not served", 404)));
        }

        Interlocked.Increment(ref _identityCalls);
        return Task.FromResult(LeanApiResult.Success(new NodeIdentity("scripted/v1", "peer-" + upstream.Name)));
    }

    public Task<LeanApiResult<long>> GetGenesisTimeAsync(UpstreamDefinition upstream, CancellationToken cancellationToken)
    {
        if (GenesisTime is not { } genesis)
        {
            return Task.FromResult(LeanApiResult.Failure<long>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404 Not Found: /lean/v0/genesis is not served", 404)));
        }

        Interlocked.Increment(ref _genesisCalls);
        return Task.FromResult(LeanApiResult.Success(genesis));
    }

    public static ForkChoiceSnapshot ForkChoice(long finalized, char finalizedRoot = 'f', long? head = null, char headRoot = 'h', long? justified = null, char justifiedRoot = 'j') =>
        new(
            Root(headRoot),
            head ?? finalized + 8,
            new Checkpoint(justified ?? finalized + 4, Root(justifiedRoot)),
            new Checkpoint(finalized, Root(finalizedRoot)),
            null,
            4,
            8);

    public static string Root(char c) => "0x" + new string(c, 64);

    public void Answer(string upstream, ForkChoiceSnapshot forkChoice, TimeSpan delay = default) =>
        _scripts[upstream] = new Script { ForkChoice = forkChoice, Delay = delay };

    public void Fail(string upstream, LeanApiError error, TimeSpan delay = default) =>
        _scripts[upstream] = new Script { Error = error, Delay = delay };

    /// <summary>Never answers; honours cancellation (like a real client on a silent socket).</summary>
    public void Hang(string upstream) => _scripts[upstream] = new Script { Delay = Timeout.InfiniteTimeSpan };

    /// <summary>Ignores cancellation until the returned source is completed: a straggler that outlives its round.</summary>
    public TaskCompletionSource<ForkChoiceSnapshot> Stubborn(string upstream)
    {
        var release = new TaskCompletionSource<ForkChoiceSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        _scripts[upstream] = new Script { Stubborn = release };
        return release;
    }

    /// <summary>fork_choice answers 404; the fallback routes answer with these slots.</summary>
    public void Fallback(string upstream, long justifiedSlot, long finalizedSlot) =>
        _scripts[upstream] = new Script
        {
            Error = new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404 Not Found", 404),
            Justified = new Checkpoint(justifiedSlot, Root('j')),
            PrefixSlot = finalizedSlot,
        };

    public void Aggregator(string upstream, bool isAggregator) => _counters.GetOrAdd(upstream, _ => new Counter()).IsAggregator = isAggregator;

    public int Calls(string upstream) => _counters.TryGetValue(upstream, out var c) ? Volatile.Read(ref c.Calls) : 0;

    public int MaxConcurrentFor(string upstream) => _counters.TryGetValue(upstream, out var c) ? Volatile.Read(ref c.MaxRunning) : 0;

    /// <summary>Tokens the fork-choice calls received, in call order, per upstream.</summary>
    public IReadOnlyList<CancellationToken> Tokens(string upstream) =>
        _counters.TryGetValue(upstream, out var c) ? [.. c.Tokens] : [];

    public async Task<LeanApiResult<ForkChoiceSnapshot>> GetForkChoiceAsync(UpstreamDefinition upstream, CancellationToken cancellationToken)
    {
        var counter = _counters.GetOrAdd(upstream.Name, _ => new Counter());
        counter.Tokens.Enqueue(cancellationToken);
        CallLog.Enqueue((upstream.Name, timeProvider.GetUtcNow()));
        Interlocked.Increment(ref counter.Calls);
        var running = Interlocked.Increment(ref counter.Running);
        Peak.Raise(ref counter.MaxRunning, running);
        Peak.Raise(ref _maxRunning, Interlocked.Increment(ref _running));
        try
        {
            var script = _scripts.TryGetValue(upstream.Name, out var s) ? s : new Script { Error = new LeanApiError(LeanApiErrorKind.ConnectionFailed, "not scripted") };
            if (script.Stubborn is { } stubborn)
            {
                return LeanApiResult.Success(await stubborn.Task);
            }

            if (script.Delay != TimeSpan.Zero)
            {
                await Task.Delay(script.Delay, timeProvider, cancellationToken);
            }

            return script.ForkChoice is { } fc ? LeanApiResult.Success(fc) : LeanApiResult.Failure<ForkChoiceSnapshot>(script.Error!);
        }
        finally
        {
            Interlocked.Decrement(ref counter.Running);
            Interlocked.Decrement(ref _running);
        }
    }

    public Task<LeanApiResult<Checkpoint>> GetJustifiedCheckpointAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult(_scripts.TryGetValue(upstream.Name, out var s) && s.Justified is { } j
            ? LeanApiResult.Success(j)
            : LeanApiResult.Failure<Checkpoint>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404 Not Found", 404)));

    public Task<LeanApiResult<StatePrefix>> GetFinalizedStatePrefixAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult(_scripts.TryGetValue(upstream.Name, out var s) && s.PrefixSlot is { } slot
            ? LeanApiResult.Success(new StatePrefix(0, slot, slot, new Checkpoint(slot, Root('j')), new Checkpoint(slot, Root('f'))))
            : LeanApiResult.Failure<StatePrefix>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 503 Service Unavailable", 503)));

    public Task<LeanApiResult<byte[]>> GetFinalizedStateAsync(UpstreamDefinition upstream, long maxBytes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The poller never downloads states.");

    public Task<LeanApiResult<byte[]>> GetFinalizedBlockAsync(UpstreamDefinition upstream, long maxBytes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The poller never downloads blocks.");

    public Task<LeanApiResult<bool>> GetAggregatorStatusAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult(_counters.TryGetValue(upstream.Name, out var c) && c.IsAggregator is { } flag
            ? LeanApiResult.Success(flag)
            : LeanApiResult.Failure<bool>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404 Not Found", 404)));

    public Task<LeanApiResult<string>> GetHealthAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult(LeanApiResult.Success("healthy"));

    private sealed class Script
    {
        public ForkChoiceSnapshot? ForkChoice { get; init; }

        public LeanApiError? Error { get; init; }

        public TimeSpan Delay { get; init; }

        public TaskCompletionSource<ForkChoiceSnapshot>? Stubborn { get; init; }

        public Checkpoint? Justified { get; init; }

        public long? PrefixSlot { get; init; }
    }

    private sealed class Counter
    {
        public int Calls;
        public int Running;
        public int MaxRunning;

        public ConcurrentQueue<CancellationToken> Tokens { get; } = new();

        public bool? IsAggregator { get; set; }
    }
}
