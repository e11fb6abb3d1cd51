using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Upstreams;

/// <summary>Where the upstream list may come from; <see cref="UpstreamSourceSelection"/> picks one.</summary>
internal sealed class UpstreamsOptions
{
    /// <summary><c>--upstreams-config</c>: leanpoint JSON or lean-quickstart YAML.</summary>
    public string? UpstreamsConfig { get; set; }

    /// <summary><c>--lean-url</c>: a single upstream (leanpoint's legacy mode).</summary>
    public string? LeanUrl { get; set; }

    /// <summary>Upstreams listed inline in appsettings.json (<c>Monitor:Upstreams</c>).</summary>
    public List<UpstreamEntry> Upstreams { get; set; } = [];
}

/// <summary>An upstream as written in configuration (leanpoint's <c>{"name","url","path"}</c>).</summary>
internal sealed class UpstreamEntry
{
    public string? Name { get; set; }

    public string? Url { get; set; }

    public string? Path { get; set; }
}

internal sealed class UpstreamsOptionsRules : OptionsRules<UpstreamsOptions>
{
    public override IEnumerable<ConfigurationIssue> Check(UpstreamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.LeanUrl) && UpstreamListRules.ParseUpstreamUrl(options.LeanUrl) is null)
        {
            yield return ConfigurationIssue.Error(nameof(UpstreamsOptions.LeanUrl),
                $"'{UrlRedaction.MaskText(options.LeanUrl)}' is not an absolute http(s) URL");
        }

        if (options.Upstreams.Count > 0)
        {
            foreach (var error in UpstreamListRules.FromEntries(options.Upstreams, MonitorSection.PathOf("Upstreams")).Errors)
            {
                yield return ConfigurationIssue.Error(null, error);
            }
        }
    }
}
