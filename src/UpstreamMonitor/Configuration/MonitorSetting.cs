namespace UpstreamMonitor.Configuration;

/// <summary>How a setting's value is written.</summary>
public enum MonitorSettingKind
{
    /// <summary>Free text (an address, a path, a URL, a format name).</summary>
    Text,

    /// <summary>A non-negative 32-bit integer.</summary>
    Number,

    /// <summary>A non-negative 64-bit integer.</summary>
    LargeNumber,

    /// <summary>A flag whose integer value may be left out (<c>--demo [N]</c>).</summary>
    OptionalNumber,

    /// <summary>A flag without a value that asks the process to do something (<c>--help</c>).</summary>
    Switch,
}

/// <summary>
/// One row of the settings table: how a setting is spelled on the command line, in the environment and in
/// appsettings.json, its default and what it means. Parsing, <c>--help</c>, <c>--check-config</c> and the README
/// table are all generated from these rows.
/// </summary>
/// <param name="Name">Stable short name, used as the first column of <c>--check-config</c>.</param>
/// <param name="Flag">Command-line flag, or null for settings only read from appsettings.json.</param>
/// <param name="ValueName">Placeholder shown in usage (<c>MS</c>, <c>FILE</c>); null for switches.</param>
/// <param name="EnvironmentVariable">The <c>LEANPOINT_*</c> variable, or null when there is none.</param>
/// <param name="Key">Property of <see cref="MonitorOptions"/> (under <c>Monitor:</c>), or null for switches.</param>
/// <param name="Kind">How the value is written.</param>
/// <param name="DefaultText">The default as shown to people.</param>
/// <param name="Meaning">One sentence for <c>--help</c> and the README.</param>
/// <param name="Display">Renders the effective value from bound options (credentials masked).</param>
public sealed record MonitorSetting(
    string Name,
    string? Flag,
    string? ValueName,
    string? EnvironmentVariable,
    string? Key,
    MonitorSettingKind Kind,
    string DefaultText,
    string Meaning,
    Func<MonitorOptions, string>? Display = null)
{
    /// <summary>The value a flag of kind <see cref="MonitorSettingKind.OptionalNumber"/> takes when given alone.</summary>
    public string? ImplicitValue { get; init; }

    /// <summary><c>Monitor:Key</c>, the configuration path the host binds.</summary>
    public string? ConfigurationPath => Key is null ? null : $"{MonitorOptions.SectionName}:{Key}";

    public bool TakesValue => Kind is not MonitorSettingKind.Switch;

    public bool IsInteger => Kind is MonitorSettingKind.Number or MonitorSettingKind.LargeNumber or MonitorSettingKind.OptionalNumber;

    /// <summary>The flag with its value placeholder, as in usage: <c>--poll-ms MS</c>, <c>--demo [N]</c>.</summary>
    public string? Usage => Flag is null
        ? null
        : Kind switch
        {
            MonitorSettingKind.Switch => Flag,
            MonitorSettingKind.OptionalNumber => $"{Flag} [{ValueName}]",
            _ => $"{Flag} {ValueName}",
        };
}
