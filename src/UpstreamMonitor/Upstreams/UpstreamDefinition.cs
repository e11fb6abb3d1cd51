namespace UpstreamMonitor.Upstreams;

/// <summary>One configured lean node the monitor polls.</summary>
/// <param name="Name">Unique name, e.g. <c>zeam_0</c>.</param>
/// <param name="Url">Base URL as configured; may carry credentials, so never print it: use <see cref="DisplayUrl"/>.</param>
/// <param name="Path">leanpoint's legacy <c>path</c> field: kept for the API, ignored for polling.</param>
/// <param name="Client">Client implementation, the name's prefix before <c>_</c> (<c>zeam_0</c> → <c>zeam</c>).</param>
public sealed record UpstreamDefinition(string Name, Uri Url, string? Path, string Client)
{
    /// <summary>The URL with any user-info replaced by <c>***</c>: the only form that may be logged or served.</summary>
    public string DisplayUrl { get; } = UrlRedaction.Mask(Url);

    /// <summary>The client implied by a node name: its prefix before the first <c>_</c>, or the whole name.</summary>
    public static string ClientFromName(string name)
    {
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 ? name[..underscore] : name;
    }

    /// <summary>An upstream whose client is derived from its name.</summary>
    public static UpstreamDefinition Create(string name, Uri url, string? path = null) =>
        new(name, url, path, ClientFromName(name));
}
