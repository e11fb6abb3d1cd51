using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// Everything the entry point knows before building the host: the layered configuration the host will read, the
/// settings bound from it, where each setting came from, the upstream list (or how it will be obtained), and every
/// error and warning found.
/// </summary>
internal sealed record ResolvedMonitorConfiguration(
    IConfigurationRoot Configuration,
    MonitorSettings Settings,
    IReadOnlyDictionary<MonitorSetting, SettingOrigin> Origins,
    UpstreamSourceKind UpstreamSource,
    UpstreamSet? Upstreams,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings)
{
    public SettingOrigin OriginOf(MonitorSetting setting) => Origins.TryGetValue(setting, out var origin) ? origin : SettingOrigin.Default(setting);
}
