namespace UpstreamMonitor.LeanApi;

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients; each has its own connection pool.</summary>
public static class LeanApiHttpClients
{
    /// <summary>Every request but the state prefix: one keep-alive connection per node, each request with its own timeout.</summary>
    public const string Node = "lean-api";

    /// <summary>The finalized state prefix: a small socket receive buffer, and the connection closed after 228 bytes.</summary>
    public const string StatePrefix = "lean-api-state-prefix";
}
