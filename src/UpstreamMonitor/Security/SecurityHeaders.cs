namespace UpstreamMonitor.Security;

/// <summary>
/// The response headers every monitor response carries. The policy is as strict as Blazor interactive server rendering
/// allows: scripts only from our own origin (no inline, no eval), the SignalR WebSocket back to our own origin, nothing
/// may frame the page. See docs/security.md for why each directive is there.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// <c>'self'</c> in connect-src covers the same-origin <c>ws:</c>/<c>wss:</c> circuit (CSP level 3).
    /// <c>style-src-attr 'unsafe-inline'</c> is the one concession: Blazor's renderer and <c>Virtualize</c> set
    /// <c>style</c> attributes (spacer heights, bar widths) through <c>setAttribute</c>, which CSP treats as inline style.
    /// Style attributes cannot run script, so this does not reopen XSS.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self'; " +
        "style-src-attr 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>The page links nowhere that needs to know where the operator came from.</summary>
    public const string ReferrerPolicy = "no-referrer";

    /// <summary>The same names, for tests and the middleware.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
    [
        new("Content-Security-Policy", ContentSecurityPolicy),
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", ReferrerPolicy),

        // Legacy twin of frame-ancestors 'none' for browsers that ignore CSP framing rules.
        new("X-Frame-Options", "DENY"),
        new("Cross-Origin-Opener-Policy", "same-origin"),
        new("Cross-Origin-Resource-Policy", "same-origin"),
        new("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ];
}
