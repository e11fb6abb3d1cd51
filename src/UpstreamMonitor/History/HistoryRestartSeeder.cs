using Microsoft.Extensions.Options;
using UpstreamMonitor.Polling;

namespace UpstreamMonitor.History;

/// <summary>
/// On start, reads every upstream's last state and the last consensus from history and seeds the registry and the
/// status tracker, so "last success", the last error, the error counters and the published checkpoints carry on across
/// a restart. The poller never waits for it (the registry merges the seed at its
/// next reconcile); it is bounded by <see cref="HistoryOptions.QueryTimeout"/>, after which the monitor starts empty
/// with one log line.
/// </summary>
internal sealed partial class HistoryRestartSeeder(
    IHistoryStore store,
    UpstreamRegistry registry,
    Consensus.MonitorStatusTracker status,
    IOptions<HistoryOptions> options,
    ILogger<HistoryRestartSeeder> logger) : IHostedService
{
    private readonly HistoryOptions _options = options.Value;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.QueryTimeout);
        try
        {
            // A first start has no schema yet; migrating here is idempotent and the writer's own migration is then a no-op.
            await store.MigrateAsync(timeout.Token).ConfigureAwait(false);
            var last = await store.LastStateAsync(_options.InstanceName, timeout.Token).ConfigureAwait(false);
            var seeds = last.Upstreams.Select(ToSeed).ToList();
            registry.Seed(seeds);
            if (last.Monitor is { } monitor)
            {
                status.Restore(ToChain(monitor), monitor.LastSuccessMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, monitor.ErrorCount);
            }

            LogSeeded(seeds.Count, store.Display);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotSeeded(store.Display, $"no answer within {_options.QueryTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            LogNotSeeded(store.Display, Upstreams.UrlRedaction.MaskText(ex.Message));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The stored checkpoints; a slot 0 without a root is "none published yet", as the recorder writes it.</summary>
    internal static LeanApi.ChainCheckpoints ToChain(MonitorLastState last) => new(
        new LeanApi.ObservedCheckpoint(last.HeadSlot, last.HeadRoot),
        last.JustifiedRoot is null && last.JustifiedSlot == 0 ? default : new LeanApi.ObservedCheckpoint(last.JustifiedSlot, last.JustifiedRoot),
        last.FinalizedRoot is null && last.FinalizedSlot == 0 ? default : new LeanApi.ObservedCheckpoint(last.FinalizedSlot, last.FinalizedRoot));

    internal static UpstreamSeed ToSeed(UpstreamChange last) => new(
        last.Upstream,
        last.LastSuccessMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        string.Equals(last.State, "ok", StringComparison.Ordinal) ? null : last.Error,
        last.ErrorsTotal);

    [LoggerMessage(Level = LogLevel.Information, Message = "History {Store}: seeded {Count} upstreams from their last recorded state")]
    private partial void LogSeeded(int count, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History {Store}: last state not read ({Reason}); starting empty")]
    private partial void LogNotSeeded(string store, string reason);
}
