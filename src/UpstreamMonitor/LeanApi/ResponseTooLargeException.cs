namespace UpstreamMonitor.LeanApi;

/// <summary>A body over its limit, refused by Content-Length or while counting; becomes a TooLarge error.</summary>
#pragma warning disable CA1064 // Internal by design: never escapes the client.
internal sealed class ResponseTooLargeException(string what, long limit, long? contentLength)
    : Exception(contentLength is { } declared
        ? $"too large: the {what} is {declared} bytes (Content-Length), over the {LeanApiLimits.Describe(limit)} limit"
        : $"too large: the {what} exceeded the {LeanApiLimits.Describe(limit)} limit; stopped reading")
#pragma warning restore CA1064
{
    public long Limit { get; } = limit;
}
