using System.Collections.Concurrent;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.CheckpointSync;

/// <summary>
/// A scripted <see cref="ILeanApiClient"/>: per-upstream answers for the SSZ routes, and a record of every call.
/// Unscripted routes answer 404, as a node that does not serve them.
/// </summary>
internal sealed class FakeLeanApiClient : ILeanApiClient
{
    private readonly ConcurrentDictionary<string, Func<LeanApiResult<byte[]>>> _states = new();
    private readonly ConcurrentDictionary<string, Func<LeanApiResult<byte[]>>> _blocks = new();

    public ConcurrentQueue<string> StateCalls { get; } = new();

    public ConcurrentQueue<string> BlockCalls { get; } = new();

    public ConcurrentQueue<long> MaxBytesSeen { get; } = new();

    /// <summary>Completes each state download only when the test says so (null: answer at once).</summary>
    public Func<string, Task>? StateGate { get; set; }

    public void ServeState(string upstream, byte[] state) => _states[upstream] = () => LeanApiResult.Success(state);

    public void ServeState(string upstream, Func<LeanApiResult<byte[]>> answer) => _states[upstream] = answer;

    public void FailState(string upstream, LeanApiErrorKind kind, string message, int? status = null) =>
        _states[upstream] = () => new LeanApiError(kind, message, status);

    private readonly ConcurrentDictionary<string, ForkChoiceSnapshot> _forkChoices = new();

    public void ServeForkChoice(string upstream, ForkChoiceSnapshot forkChoice) => _forkChoices[upstream] = forkChoice;

    public void ServeBlock(string upstream, byte[] block) => _blocks[upstream] = () => LeanApiResult.Success(block);

    public async Task<LeanApiResult<byte[]>> GetFinalizedStateAsync(UpstreamDefinition upstream, long maxBytes, CancellationToken cancellationToken)
    {
        StateCalls.Enqueue(upstream.Name);
        MaxBytesSeen.Enqueue(maxBytes);
        if (StateGate is { } gate)
        {
            await gate(upstream.Name).WaitAsync(cancellationToken);
        }

        return _states.TryGetValue(upstream.Name, out var answer) ? answer() : NotFound();
    }

    public Task<LeanApiResult<byte[]>> GetFinalizedBlockAsync(UpstreamDefinition upstream, long maxBytes, CancellationToken cancellationToken)
    {
        BlockCalls.Enqueue(upstream.Name);
        return Task.FromResult(_blocks.TryGetValue(upstream.Name, out var answer) ? answer() : NotFound());
    }

    public Task<LeanApiResult<ForkChoiceSnapshot>> GetForkChoiceAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult(_forkChoices.TryGetValue(upstream.Name, out var forkChoice)
            ? LeanApiResult.Success(forkChoice)
            : LeanApiResult.Failure<ForkChoiceSnapshot>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404", 404)));

    public Task<LeanApiResult<Checkpoint>> GetJustifiedCheckpointAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult<LeanApiResult<Checkpoint>>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404", 404));

    public Task<LeanApiResult<StatePrefix>> GetFinalizedStatePrefixAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult<LeanApiResult<StatePrefix>>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404", 404));

    public Task<LeanApiResult<bool>> GetAggregatorStatusAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult<LeanApiResult<bool>>(new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404", 404));

    public Task<LeanApiResult<string>> GetHealthAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult(LeanApiResult.Success("healthy"));

    private static LeanApiResult<byte[]> NotFound() => new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404", 404);
}
