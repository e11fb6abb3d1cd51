using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Upstreams;

/// <summary>An upstream as read from some source, before validation.</summary>
/// <param name="Label">Where it was written, for messages: <c>upstreams[2]</c>, <c>validators[5] (line 40)</c>.</param>
/// <param name="Name">The name as written, not yet checked.</param>
/// <param name="Url">The URL as written, not yet checked.</param>
/// <param name="Path">leanpoint's legacy <c>path</c> field.</param>
internal sealed record UpstreamCandidate(string Label, string? Name, string? Url, string? Path = null);

/// <summary>The outcome of validating an upstream list: the set, or every problem found.</summary>
internal sealed record UpstreamListResult(UpstreamSet? Set, IReadOnlyList<string> Errors);

/// <summary>
/// The rules every upstream list obeys, whatever its source (upstreams.json, validator-config.yaml,
/// <c>Monitor:Upstreams</c>, <c>--lean-url</c>): a name, an absolute http(s) URL, unique names, and at least one entry.
/// </summary>
internal static class UpstreamListRules
{
    public static UpstreamListResult Build(IEnumerable<UpstreamCandidate> candidates, string origin)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var errors = new List<string>();
        var upstreams = new List<UpstreamDefinition>();
        var firstLabelByName = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var candidate in candidates)
        {
            var name = candidate.Name?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"{candidate.Label}: missing \"name\"");
                continue;
            }

            var described = $"{candidate.Label} ({name})";
            if (string.IsNullOrWhiteSpace(candidate.Url))
            {
                errors.Add($"{described}: missing \"url\"");
                continue;
            }

            var url = ParseUpstreamUrl(candidate.Url);
            if (url is null)
            {
                errors.Add($"{described}: url '{UrlRedaction.MaskText(candidate.Url.Trim())}' is not an absolute http(s) URL");
                continue;
            }

            if (!firstLabelByName.TryAdd(name, candidate.Label))
            {
                errors.Add($"{described}: duplicate name, already used by {firstLabelByName[name]}");
                continue;
            }

            upstreams.Add(UpstreamDefinition.Create(name, url, candidate.Path));
        }

        if (errors.Count == 0 && upstreams.Count == 0)
        {
            errors.Add($"{origin}: lists no upstreams");
        }

        return errors.Count == 0 ? new(new UpstreamSet(upstreams, origin), errors) : new(null, errors);
    }

    /// <summary>An absolute http or https URL with a host, or null. Credentials are allowed (and masked on output).</summary>
    public static Uri? ParseUpstreamUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) ||
            !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) ||
            (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) ||
            string.IsNullOrEmpty(url.Host))
        {
            return null;
        }

        return url;
    }

    /// <summary>leanpoint's single-upstream mode: one upstream named after the URL's host.</summary>
    public static UpstreamListResult FromLeanUrl(string leanUrl, string origin)
    {
        var url = ParseUpstreamUrl(leanUrl);
        return Build([new UpstreamCandidate("lean-url", url?.Host ?? "lean-url", leanUrl)], origin);
    }

    /// <summary>The inline <c>Monitor:Upstreams</c> entries of appsettings.json.</summary>
    public static UpstreamListResult FromEntries(IReadOnlyList<UpstreamEntry> entries, string origin)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Build(
            entries.Select((e, i) => new UpstreamCandidate($"{MonitorSection.Name}:Upstreams:{i}", e.Name, e.Url, e.Path)),
            origin);
    }
}
