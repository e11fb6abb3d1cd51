namespace UpstreamMonitor.Configuration;

/// <summary>The layers a setting can come from, lowest precedence first.</summary>
internal enum SettingSourceKind
{
    Default,
    AppSettings,
    Environment,
    CommandLine,
}

/// <summary>Where an effective setting came from, as shown by <c>--check-config</c> and named in error messages.</summary>
/// <param name="Kind">The layer.</param>
/// <param name="Label">The source as shown in <c>--check-config</c>: <c>flag --poll-ms</c>, <c>env LEANPOINT_POLL_MS</c>,
/// <c>appsettings.json Monitor:PollMs</c>, <c>default</c>.</param>
/// <param name="Name">The setting as the user wrote it, for error messages: <c>--poll-ms</c>, <c>LEANPOINT_POLL_MS</c>,
/// <c>Monitor:PollMs in appsettings.json</c>.</param>
internal sealed record SettingOrigin(SettingSourceKind Kind, string Label, string Name)
{
    public static SettingOrigin Default(MonitorSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return new(SettingSourceKind.Default, "default", setting.ConfigurationPath ?? setting.Name);
    }

    public static SettingOrigin Flag(MonitorSetting setting, string? spelling = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var flag = spelling ?? setting.Flag ?? $"--{setting.ConfigurationPath}";
        return new(SettingSourceKind.CommandLine, $"flag {flag}", flag);
    }

    public static SettingOrigin Environment(string variable) => new(SettingSourceKind.Environment, $"env {variable}", variable);
}
