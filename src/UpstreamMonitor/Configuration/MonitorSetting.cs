using UpstreamMonitor.CommandLine;

namespace UpstreamMonitor.Configuration;

/// <summary>How a setting's value is written.</summary>
internal enum MonitorSettingKind
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
/// <param name="Key">Property (under <c>Monitor:</c>) of the options type <see cref="Options"/>; null for switches.</param>
/// <param name="Kind">How the value is written.</param>
/// <param name="DefaultText">The default as shown to people.</param>
/// <param name="Meaning">One sentence for <c>--help</c> and the README.</param>
/// <param name="Display">Renders the effective value from the bound options (credentials masked).</param>
/// <param name="ImplicitValue">The value a flag of kind <see cref="MonitorSettingKind.OptionalNumber"/> takes when given alone.</param>
/// <param name="Aliases">Other spellings of the flag (<c>-h</c>).</param>
internal sealed record MonitorSetting(
    string Name,
    string? Flag,
    string? ValueName,
    string? EnvironmentVariable,
    string? Key,
    MonitorSettingKind Kind,
    string DefaultText,
    string Meaning,
    Func<MonitorSettings, string>? Display = null,
    string? ImplicitValue = null,
    IReadOnlyList<string>? Aliases = null)
{
    /// <summary>The options type that holds <see cref="Key"/>.</summary>
    public Type? Options { get; init; }

    /// <summary><c>Monitor:Key</c>, the configuration path the host binds.</summary>
    public string? ConfigurationPath => Key is null ? null : MonitorSection.PathOf(Key);

    public bool IsInteger => Kind is MonitorSettingKind.Number or MonitorSettingKind.LargeNumber or MonitorSettingKind.OptionalNumber;

    /// <summary>The flag as the command-line parser knows it, or null for appsettings-only settings.</summary>
    public FlagDefinition? FlagDefinition { get; } = Flag is null
        ? null
        : new FlagDefinition(
            Flag,
            Kind switch
            {
                MonitorSettingKind.Switch => FlagArity.None,
                MonitorSettingKind.OptionalNumber => FlagArity.OptionalNumber,
                _ => FlagArity.Required,
            },
            ValueName,
            ImplicitValue,
            Aliases);

    /// <summary>The flag with its value placeholder, as in usage: <c>--poll-ms MS</c>, <c>--demo [N]</c>.</summary>
    public string? Usage => FlagDefinition?.Usage;

    /// <summary>The default as the configuration system would hold it (for a value that failed to parse).</summary>
    public string? DefaultValue() =>
        Options is null || Key is null
            ? null
            : Convert.ToString(Options.GetProperty(Key)!.GetValue(Activator.CreateInstance(Options)), System.Globalization.CultureInfo.InvariantCulture);
}
