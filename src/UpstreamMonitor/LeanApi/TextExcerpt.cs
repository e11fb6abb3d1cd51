using System.Text;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// Short, printable excerpts of what a node sent, for error messages: control characters removed, whitespace collapsed,
/// truncated, and for HTML the page title (an nginx "502 Bad Gateway" page says more in its title than its first bytes).
/// </summary>
internal static class TextExcerpt
{
    /// <summary>A quoted excerpt of a body: <c>"&lt;title&gt; text"</c> for HTML, else the first characters.</summary>
    public static string FromBody(ReadOnlySpan<byte> body, string? mediaType, int maxChars = LeanApiLimits.ErrorExcerptChars)
    {
        var window = body.Length > LeanApiLimits.ErrorExcerptBytes ? body[..LeanApiLimits.ErrorExcerptBytes] : body;
        var text = Encoding.UTF8.GetString(window);
        if (LooksLikeHtml(text, mediaType) && HtmlTitle(text) is { Length: > 0 } title)
        {
            return $"\"{Sanitize(title, maxChars)}\" (HTML page title)";
        }

        return $"\"{Sanitize(text, maxChars)}\"";
    }

    /// <summary>Removes control characters, collapses whitespace and truncates to <paramref name="maxChars"/> with an ellipsis.</summary>
    public static string Sanitize(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(Math.Min(text.Length, maxChars + 1));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\uFFFD')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            if (builder.Length >= maxChars)
            {
                builder.Append('…');
                break;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool LooksLikeHtml(string text, string? mediaType) =>
        (mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false) || text.TrimStart().StartsWith('<');

    private static string? HtmlTitle(string html)
    {
        var open = html.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        if (open < 0)
        {
            return null;
        }

        var start = open + "<title>".Length;
        var close = html.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        return close < 0 ? html[start..] : html[start..close];
    }
}
