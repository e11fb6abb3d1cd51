namespace UpstreamMonitor.Configuration;

/// <summary>
/// Everything the entry point knows before building the host: the effective options, where each setting came from,
/// the configuration overrides to hand to the host, the upstream list (or how it will be obtained), and every
/// error and warning found.
/// </summary>
public sealed class ResolvedMonitorConfiguration
{
    internal ResolvedMonitorConfiguration(
        MonitorOptions options,
        IReadOnlyDictionary<MonitorSetting, SettingOrigin> origins,
        IReadOnlyList<KeyValuePair<string, string?>> overrides,
        UpstreamSourceKind upstreamSource,
        UpstreamSet? upstreams,
        UpstreamFileReadResult? upstreamFile,
        IReadOnlyList<string> errors,
        IReadOnlyList<string> warnings)
    {
        Options = options;
        Origins = origins;
        Overrides = overrides;
        UpstreamSource = upstreamSource;
        Upstreams = upstreams;
        UpstreamFile = upstreamFile;
        Errors = errors;
        Warnings = warnings;
    }

    public MonitorOptions Options { get; }

    public IReadOnlyDictionary<MonitorSetting, SettingOrigin> Origins { get; }

    /// <summary><c>Monitor:*</c> keys from flags and <c>LEANPOINT_*</c> variables, for <c>MonitorApplication.Build</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Overrides { get; }

    public UpstreamSourceKind UpstreamSource { get; }

    /// <summary>The validated upstream list; null in demo mode (known once the devnet runs) or when invalid.</summary>
    public UpstreamSet? Upstreams { get; }

    /// <summary>The upstreams file as read by the check, when the list comes from a file.</summary>
    public UpstreamFileReadResult? UpstreamFile { get; }

    public IReadOnlyList<string> Errors { get; }

    public IReadOnlyList<string> Warnings { get; }

    public bool IsValid => Errors.Count == 0;

    public SettingOrigin OriginOf(MonitorSetting setting) => Origins.TryGetValue(setting, out var origin) ? origin : SettingOrigin.Default(setting);
}
