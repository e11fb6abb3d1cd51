namespace UpstreamMonitor.LeanApi;

/// <summary>Source-generated log messages of the lean API client. Upstreams are named, never shown by URL.</summary>
internal static partial class LeanApiLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Upstream {Upstream}: {Route} failed: {Error}")]
    public static partial void RequestFailed(ILogger logger, string upstream, LeanApiRoute route, string error);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Upstream {Upstream}: {Route} failed unexpectedly")]
    public static partial void UnexpectedFailure(ILogger logger, string upstream, LeanApiRoute route, Exception exception);
}
