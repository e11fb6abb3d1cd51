namespace UpstreamMonitor.LeanApi;

/// <summary>How far one request got, so a failure can say where it stopped ("after 1200 bytes of the body").</summary>
internal sealed class ExchangeProgress
{
    private static readonly HttpRequestOptionsKey<ExchangeProgress> Key = new("UpstreamMonitor.LeanApi.Progress");

    private volatile int _connection;

    /// <summary>True while this request's own connection attempt (DNS and TCP) is under way.</summary>
    public bool Connecting => _connection == 1;

    public bool HeadersReceived { get; set; }

    public long BodyBytes { get; set; }

    public long? ContentLength { get; set; }

    /// <summary>The progress attached to a request by <see cref="AttachTo"/>, seen by the handler's connect callback.</summary>
    public static ExchangeProgress? Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var progress) ? progress : null;

    public void AttachTo(HttpRequestMessage request) => request.Options.Set(Key, this);

    public void MarkConnecting() => _connection = 1;

    public void MarkConnected() => _connection = 2;
}
