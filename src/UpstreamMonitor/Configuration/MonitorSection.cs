namespace UpstreamMonitor.Configuration;

/// <summary>The configuration section every feature's options are bound from, so one appsettings.json block serves all.</summary>
internal static class MonitorSection
{
    public const string Name = "Monitor";

    /// <summary><c>Monitor:Key</c>.</summary>
    public static string PathOf(string key) => $"{Name}:{key}";
}
