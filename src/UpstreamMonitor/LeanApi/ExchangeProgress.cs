namespace UpstreamMonitor.LeanApi;

/// <summary>How far one request got, so a failure can say where it stopped ("after 1200 bytes of the body").</summary>
internal sealed class ExchangeProgress
{
    public bool HeadersReceived { get; set; }

    public long BodyBytes { get; set; }

    public long? ContentLength { get; set; }
}
