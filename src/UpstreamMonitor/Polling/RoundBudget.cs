using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>
/// How long one round may take. A job may take two request timeouts (fork choice, then the 404 fallback); the round
/// allows every batch its worst case plus one timeout of drain, so a full gate never starves the dispatcher.
/// </summary>
internal readonly record struct RoundBudget
{
    public RoundBudget(int upstreams, int requestedConcurrency, TimeSpan requestTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(upstreams);
        ArgumentOutOfRangeException.ThrowIfLessThan(requestTimeout, TimeSpan.Zero);
        Upstreams = upstreams;
        Capacity = Math.Max(1, Math.Min(requestedConcurrency, upstreams));
        RequestTimeout = requestTimeout;
    }

    public int Upstreams { get; }

    /// <summary>Gate capacity: the configured concurrency, never more than the upstreams, at least 1.</summary>
    public int Capacity { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>ceil(N / capacity).</summary>
    public int Batches => (Upstreams + Capacity - 1) / Capacity;

    /// <summary>2 × timeout: the most one job may run before it is cancelled on its own.</summary>
    public TimeSpan JobBudget => RequestTimeout * 2;

    /// <summary>ceil(N / capacity) × 2 × timeout + timeout.</summary>
    public TimeSpan Round => (JobBudget * Batches) + RequestTimeout;

    public static RoundBudget For(PollingOptions options, int upstreams)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RoundBudget(upstreams, options.GateCapacity, options.RequestTimeout);
    }
}
