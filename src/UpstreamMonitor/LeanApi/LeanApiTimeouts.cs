using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The timeout of each kind of request, derived from <see cref="PollingOptions.TimeoutMs"/> (decision 0200).
/// Read per request, so a changed timeout applies to the next round without a restart.
/// </summary>
public static class LeanApiTimeouts
{
    /// <summary>Fork choice, justified checkpoint, state prefix, health: the configured request timeout.</summary>
    public static TimeSpan Poll(PollingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TimeSpan.FromMilliseconds(Math.Max(1, options.TimeoutMs));
    }

    /// <summary>Aggregator status is a side question: max(1 s, timeout / 4), so it never holds a round up.</summary>
    public static TimeSpan Aggregator(PollingOptions options) =>
        TimeSpan.FromMilliseconds(Math.Max(1_000, Poll(options).TotalMilliseconds / 4));

    /// <summary>Full state and block downloads move megabytes: max(30 s, 6 × timeout).</summary>
    public static TimeSpan Download(PollingOptions options) =>
        TimeSpan.FromMilliseconds(Math.Max(30_000, Poll(options).TotalMilliseconds * 6));
}
