using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace UpstreamMonitor.Http;

/// <summary>
/// Kestrel limits for a read-only API: requests carry no body and short URLs, so anything large is refused early
/// (414/431/413) before it costs memory. Generous enough for browsers and the dashboard's SignalR messages.
/// </summary>
internal static class HttpLimits
{
    public const int MaxRequestLineBytes = 4 * 1024;
    public const int MaxRequestHeadersBytes = 16 * 1024;
    public const int MaxRequestHeaderCount = 64;
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static void Apply(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = MaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MaxRequestBodySize = MaxRequestBodyBytes;
        limits.MaxRequestBufferSize = 64 * 1024;
        limits.Http2.MaxRequestHeaderFieldSize = MaxRequestHeadersBytes;
    }
}
