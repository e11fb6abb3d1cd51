namespace UpstreamMonitor.LeanApi;

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients; each has its own timeout pipeline.</summary>
public static class LeanApiHttpClients
{
    /// <summary>Per-round requests: fork choice, justified checkpoint, health.</summary>
    public const string Poll = "lean-api";

    /// <summary>The finalized state prefix: poll timeout, and a small socket receive buffer (the rest is abandoned).</summary>
    public const string StatePrefix = "lean-api-state-prefix";

    /// <summary>Aggregator status, with its shorter timeout.</summary>
    public const string Aggregator = "lean-api-aggregator";

    /// <summary>Full finalized state and block downloads, with the long timeout.</summary>
    public const string Download = "lean-api-download";
}
