using System.Text.RegularExpressions;

namespace UpstreamMonitor.Upstreams;

/// <summary>Masks credentials in upstream URLs wherever a URL is printed, logged or served.</summary>
public static partial class UrlRedaction
{
    /// <summary>What replaces user-info.</summary>
    public const string Placeholder = "***";

    /// <summary><c>http://user:pass@host:1/x</c> → <c>http://***@host:1/x</c>; URLs without user-info are unchanged.</summary>
    public static string Mask(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || string.IsNullOrEmpty(url.UserInfo))
        {
            return url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString;
        }

        var builder = new UriBuilder(url) { UserName = Placeholder, Password = string.Empty };
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>Masks user-info in any URL-looking text (for error messages that echo a URL).</summary>
    public static string MaskText(string text, Uri url)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(url);
        return string.IsNullOrEmpty(url.UserInfo)
            ? text
            : text.Replace(url.UserInfo, Placeholder, StringComparison.Ordinal)
                  .Replace(Uri.UnescapeDataString(url.UserInfo), Placeholder, StringComparison.Ordinal);
    }

    /// <summary>
    /// Masks user-info in text that may not parse as a URL at all (an invalid configured value being echoed in an
    /// error): anything between <c>scheme://</c> and the last <c>@</c> before the host.
    /// </summary>
    public static string MaskText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UserInfoPattern().Replace(text, "${scheme}" + Placeholder + "@");
    }

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s]+@")]
    private static partial Regex UserInfoPattern();
}
