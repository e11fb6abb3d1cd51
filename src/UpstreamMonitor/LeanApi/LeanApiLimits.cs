namespace UpstreamMonitor.LeanApi;

/// <summary>
/// Size limits for what a node may send (decision 0200). A node is not trusted: every body is read with a bound,
/// checked against Content-Length first and counted while reading.
/// </summary>
public static class LeanApiLimits
{
    /// <summary>Fork choice grows with the unfinalized chain (≈200 bytes a block); 8 MiB is ~40,000 blocks.</summary>
    public const int ForkChoiceBodyBytes = 8 * 1024 * 1024;

    /// <summary>
    /// The largest fork-choice body kept per upstream for <c>/api/upstreams/{name}/fork_choice</c> (≈5,000 blocks); a
    /// larger one is parsed as usual but only its size is kept, so N upstreams hold at most N MiB of bodies.
    /// </summary>
    public const int KeptForkChoiceBodyBytes = 1024 * 1024;

    /// <summary>Checkpoint, health and aggregator answers are a few dozen bytes.</summary>
    public const int SmallJsonBodyBytes = 64 * 1024;

    /// <summary>How much of an error body is read for the excerpt shown in <c>last_error</c>.</summary>
    public const int ErrorExcerptBytes = 1024;

    /// <summary>The longest excerpt of a node's text that goes into an error message.</summary>
    public const int ErrorExcerptChars = 120;

    /// <summary>Response header limit, in KiB (SocketsHttpHandler's unit).</summary>
    public const int ResponseHeadersKiB = 64;

    /// <summary>
    /// Cap on connections per host:port in the shared pool. A poll job sends one request at a time, so it reuses one
    /// idle keep-alive connection; the cap only matters when a checkpoint download overlaps a poll, or several
    /// configured upstreams share one host:port (which a cap of one would serialize; decision 0520).
    /// </summary>
    public const int ConnectionsPerNode = 4;

    /// <summary>
    /// Socket receive buffer of the state-prefix connection: bounds what a node can push before the monitor, having
    /// read 228 bytes, closes the connection (the kernel doubles it; loopback default windows are 64 KiB and more).
    /// </summary>
    public const int StatePrefixReceiveBufferBytes = 8 * 1024;

    /// <summary>Renders a limit as operators read it: <c>8 MiB</c>, <c>64 KiB</c>, or bytes.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
