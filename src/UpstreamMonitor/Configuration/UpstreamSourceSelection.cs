namespace UpstreamMonitor.Configuration;

public enum UpstreamSourceKind
{
    None,
    Demo,
    File,
    Inline,
    LeanUrl,
}

/// <summary>
/// Decides where the upstream list comes from. <c>--demo</c> wins; otherwise the upstream setting from the highest
/// layer wins (a <c>--lean-url</c> flag beats a <c>LEANPOINT_UPSTREAMS_CONFIG</c> baked into a container), and within
/// one layer the upstreams file beats inline <c>Monitor:Upstreams</c>, which beats <c>--lean-url</c> (leanpoint's order).
/// </summary>
public static class UpstreamSourceSelection
{
    /// <param name="options">The bound options.</param>
    /// <param name="layerOf">The layer each setting came from; null when unknown (inside the host), then only the
    /// within-layer order applies.</param>
    public static UpstreamSourceKind Choose(MonitorOptions options, Func<MonitorSetting, SettingSourceKind>? layerOf = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DemoNodes is not null)
        {
            return UpstreamSourceKind.Demo;
        }

        var candidates = new List<(UpstreamSourceKind Kind, SettingSourceKind Layer)>();
        if (!string.IsNullOrWhiteSpace(options.UpstreamsConfig))
        {
            candidates.Add((UpstreamSourceKind.File, layerOf?.Invoke(MonitorSettingTable.UpstreamsConfig) ?? SettingSourceKind.Default));
        }

        if (options.Upstreams.Count > 0)
        {
            candidates.Add((UpstreamSourceKind.Inline, SettingSourceKind.AppSettings));
        }

        if (!string.IsNullOrWhiteSpace(options.LeanUrl))
        {
            candidates.Add((UpstreamSourceKind.LeanUrl, layerOf?.Invoke(MonitorSettingTable.LeanUrl) ?? SettingSourceKind.Default));
        }

        if (layerOf is null)
        {
            return candidates.Count == 0 ? UpstreamSourceKind.None : candidates[0].Kind;
        }

        // Stable sort: within a layer the list order above (file, inline, lean-url) is kept.
        return candidates.Count == 0
            ? UpstreamSourceKind.None
            : candidates.OrderByDescending(c => c.Layer).First().Kind;
    }
}
