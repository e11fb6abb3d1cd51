using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Alerts.Delivery;

/// <summary>
/// How a receiver URL may be printed. Webhook URLs carry their secret in the path (Slack's
/// <c>/services/T…/B…/token</c>, Discord's <c>/api/webhooks/id/token</c>) or query, not only in user-info, so beyond
/// <see cref="UrlRedaction"/> only the first path segment is kept and the query is dropped.
/// </summary>
public static class ReceiverUrls
{
    public static string Display(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "(none)";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return UrlRedaction.MaskText(url);
        }

        var masked = new Uri(UrlRedaction.Mask(uri));
        var segments = masked.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = segments.Length switch
        {
            0 => "/",
            1 => "/" + segments[0],
            _ => "/" + segments[0] + "/" + UrlRedaction.Placeholder,
        };
        var query = string.IsNullOrEmpty(masked.Query) ? string.Empty : "?" + UrlRedaction.Placeholder;
        return masked.GetLeftPart(UriPartial.Authority) + path + query;
    }

    /// <summary>Removes a receiver URL's secret parts from free text (an exception message that echoes the URL).</summary>
    public static string Scrub(string text, string? url)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return UrlRedaction.MaskText(text);
        }

        var scrubbed = text.Replace(uri.AbsoluteUri, Display(url), StringComparison.Ordinal).Replace(url, Display(url), StringComparison.Ordinal);
        return UrlRedaction.MaskText(UrlRedaction.MaskText(scrubbed, uri));
    }
}
