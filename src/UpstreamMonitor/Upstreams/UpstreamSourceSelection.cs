using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Upstreams;

internal enum UpstreamSourceKind
{
    None,
    Demo,
    File,
    Inline,
    LeanUrl,
}

/// <summary>
/// The one choice of where the upstream list comes from, made the same way by <c>--check-config</c> and by the host.
/// <c>--demo</c> wins; otherwise the upstream setting from the highest layer wins (a <c>--lean-url</c> flag beats a
/// <c>LEANPOINT_UPSTREAMS_CONFIG</c> baked into a container), and within one layer the upstreams file beats inline
/// <c>Monitor:Upstreams</c>, which beats <c>--lean-url</c> (leanpoint's order).
/// </summary>
internal static class UpstreamSourceSelection
{
    private static readonly string InlinePath = MonitorSection.PathOf(nameof(UpstreamsOptions.Upstreams));

    /// <param name="options">The bound upstream options.</param>
    /// <param name="demoNodes">The <c>--demo</c> size, or null.</param>
    /// <param name="configuration">The layered configuration, to tell which layer each setting came from.</param>
    public static UpstreamSourceKind Choose(UpstreamsOptions options, int? demoNodes, IConfigurationRoot? configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (demoNodes is not null)
        {
            return UpstreamSourceKind.Demo;
        }

        var candidates = new List<(UpstreamSourceKind Kind, SettingSourceKind Layer)>();
        if (!string.IsNullOrWhiteSpace(options.UpstreamsConfig))
        {
            candidates.Add((UpstreamSourceKind.File, LayerOf(configuration, MonitorSettingTable.UpstreamsConfig.ConfigurationPath!)));
        }

        if (options.Upstreams.Count > 0)
        {
            candidates.Add((UpstreamSourceKind.Inline, SettingSourceKind.AppSettings));
        }

        if (!string.IsNullOrWhiteSpace(options.LeanUrl))
        {
            candidates.Add((UpstreamSourceKind.LeanUrl, LayerOf(configuration, MonitorSettingTable.LeanUrl.ConfigurationPath!)));
        }

        // Stable sort: within a layer the list order above (file, inline, lean-url) is kept.
        return candidates.Count == 0
            ? UpstreamSourceKind.None
            : candidates.OrderByDescending(c => c.Layer).First().Kind;
    }

    /// <summary>The list of a fixed source (inline entries or <c>--lean-url</c>), named after where it was configured;
    /// null for the other kinds.</summary>
    public static UpstreamListResult? FixedList(UpstreamSourceKind kind, UpstreamsOptions options, IConfigurationRoot? configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            UpstreamSourceKind.Inline => UpstreamListRules.FromEntries(
                options.Upstreams, OriginOf(configuration, InlinePath)?.Name ?? InlinePath),
            UpstreamSourceKind.LeanUrl => UpstreamListRules.FromLeanUrl(
                options.LeanUrl!,
                $"{OriginOf(configuration, MonitorSettingTable.LeanUrl.ConfigurationPath!)?.Label ?? "lean-url"} (single upstream)"),
            _ => null,
        };
    }

    /// <summary>The source the host polls: the file (re-read when it changes), or a fixed list. The demo's list is only
    /// known once its devnet runs, so the entry point supplies that source itself.</summary>
    public static IUpstreamSource Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UpstreamsOptions>>().Value;
        var host = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.MonitorHostOptions>>().Value;
        var configuration = services.GetService<IConfiguration>() as IConfigurationRoot;
        var kind = Choose(options, host.DemoNodes, configuration);
        return kind == UpstreamSourceKind.File
            ? new FileUpstreamSource(options.UpstreamsConfig!, services.GetRequiredService<ILogger<FileUpstreamSource>>())
            : new StaticUpstreamSource(FixedList(kind, options, configuration)?.Set ?? UpstreamSet.Empty);
    }

    private static SettingSourceKind LayerOf(IConfigurationRoot? configuration, string path) =>
        OriginOf(configuration, path)?.Kind ?? SettingSourceKind.Default;

    private static SettingOrigin? OriginOf(IConfigurationRoot? configuration, string path) =>
        configuration is null ? null : MonitorConfigurationLayers.OriginOf(configuration, path);
}
