using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// An upstream URL split for the wire: route URIs without user-info, and the user-info as a basic
/// <c>Authorization</c> header. Credentials then never reach a request line, an exception message or a log.
/// </summary>
internal sealed class UpstreamRequestTarget
{
    private static readonly ConditionalWeakTable<UpstreamDefinition, UpstreamRequestTarget> Cache = [];

    private readonly Uri[] _routes;

    private UpstreamRequestTarget(Uri[] routes, AuthenticationHeaderValue? authorization)
    {
        _routes = routes;
        Authorization = authorization;
    }

    public AuthenticationHeaderValue? Authorization { get; }

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

        return new UpstreamRequestTarget(routes, BasicAuthorization(url.UserInfo));
    }

    private static AuthenticationHeaderValue? BasicAuthorization(string userInfo)
    {
        if (string.IsNullOrEmpty(userInfo))
        {
            return null;
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }
}
