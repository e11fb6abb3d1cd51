using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// An upstream URL split for the wire: route URIs without user-info, and the user-info as a basic
/// <c>Authorization</c> header. Credentials then never reach a request line, an exception message or a log.
/// </summary>
internal sealed class UpstreamRequestTarget
{
    private static readonly ConditionalWeakTable<UpstreamDefinition, UpstreamRequestTarget> Cache = [];

    private readonly Uri[] _routes;

    private readonly string[] _secrets;

    private UpstreamRequestTarget(Uri[] routes, AuthenticationHeaderValue? authorization, string[] secrets)
    {
        _routes = routes;
        Authorization = authorization;
        _secrets = secrets;
    }

    public AuthenticationHeaderValue? Authorization { get; }

    /// <summary>
    /// Masks the upstream's credentials in text that came from the node (an error page may echo the Authorization it
    /// received): the user-info, escaped or not, and the password alone.
    /// </summary>
    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, UrlRedaction.Placeholder, StringComparison.Ordinal);
        }

        return text;
    }

    public Uri UriOf(LeanApiRoute route) => _routes[(int)route];

    public static UpstreamRequestTarget For(UpstreamDefinition upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return Cache.GetValue(upstream, static u => Create(u.Url));
    }

    internal static UpstreamRequestTarget Create(Uri url)
    {
        // Keep scheme, host, port and any path prefix (a node behind a reverse proxy); drop user-info, query, fragment.
        var basePath = url.AbsolutePath.TrimEnd('/');
        var authority = url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        var routes = new Uri[LeanApiRoutes.Count];
        for (var i = 0; i < routes.Length; i++)
        {
            routes[i] = new Uri($"{authority}{basePath}/{LeanApiRoutes.PathOf((LeanApiRoute)i)}", UriKind.Absolute);
        }

        var userInfo = url.UserInfo;
        if (string.IsNullOrEmpty(userInfo))
        {
            return new UpstreamRequestTarget(routes, null, []);
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

        // Longest first, so a password inside the user-info is not masked before the whole user-info is.
        var secrets = new[] { userInfo, Uri.UnescapeDataString(userInfo), token, password, colon < 0 ? user : string.Empty }
            .Where(s => s.Length >= 3)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
        return new UpstreamRequestTarget(routes, new AuthenticationHeaderValue("Basic", token), secrets);
    }
}
