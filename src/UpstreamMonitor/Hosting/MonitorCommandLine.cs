using UpstreamMonitor.CommandLine;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// The parsed command line: the flags of <see cref="MonitorSettingTable"/> turned into configuration keys (the top
/// configuration layer), the action switches, and every problem found. Flags are written <c>--flag value</c> or
/// <c>--flag=value</c>; a repeated flag's last value wins. ASP.NET Core's configuration form is accepted too
/// (<c>--Monitor:PollMs=1000</c>, <c>--environment=Development</c>): it is what <c>WebApplicationFactory</c> passes to
/// the entry point, and what .NET operators may reach for.
/// </summary>
internal sealed class MonitorCommandLine
{
    /// <summary>Host settings that <c>WebApplicationFactory</c> and <c>dotnet</c> tooling pass as <c>--key=value</c>.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "environment", "contentRoot", "applicationName", MonitorSection.Name, "Serilog", "Logging", "AllowedHosts",
    };

    private static readonly Dictionary<FlagDefinition, MonitorSetting> SettingsByFlag =
        MonitorSettingTable.All.Where(s => s.FlagDefinition is not null).ToDictionary(s => s.FlagDefinition!);

    private static readonly FlagDefinition[] Flags = [.. SettingsByFlag.Keys];

    private MonitorCommandLine(ParsedArguments parsed, List<SettingEntry> settings)
    {
        Settings = settings;
        Errors = parsed.Errors;
        UsageError = parsed.UsageError is { } usage ? UrlRedaction.MaskText(usage) : null;
        Help = parsed.Has(MonitorSettingTable.Help.FlagDefinition!);
        Version = parsed.Has(MonitorSettingTable.Version.FlagDefinition!);
        CheckConfig = parsed.Has(MonitorSettingTable.CheckConfig.FlagDefinition!);
        AlertTest = parsed.Has(MonitorSettingTable.AlertTest.FlagDefinition!);
    }

    /// <summary>The values given, as configuration keys (<c>Monitor:PollMs</c>) with the flag they were written as,
    /// in argument order.</summary>
    public IReadOnlyList<SettingEntry> Settings { get; }

    public bool Help { get; }

    public bool Version { get; }

    public bool CheckConfig { get; }

    public bool AlertTest { get; }

    /// <summary>Problems with known flags: a missing value, a value given to a switch.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The first unknown flag or stray argument (credentials masked), or null.</summary>
    public string? UsageError { get; }

    public static MonitorCommandLine Parse(IReadOnlyList<string> args)
    {
        var parsed = FlagParser.Parse(args, Flags, IsConfigurationKey);
        var settings = new List<SettingEntry>();
        foreach (var occurrence in parsed.Flags)
        {
            var setting = SettingsByFlag[occurrence.Flag];
            if (setting.ConfigurationPath is { } path && occurrence.Value is { } value)
            {
                settings.Add(new(path, value.Trim(), SettingOrigin.Flag(setting)));
            }
        }

        // Configuration-form arguments: a table setting counts as its flag (parsed, checked and reported like one).
        foreach (var (key, value) in parsed.Configuration)
        {
            var setting = MonitorSettingTable.Values.FirstOrDefault(
                s => string.Equals(s.ConfigurationPath, key, StringComparison.OrdinalIgnoreCase));
            if (setting is not null)
            {
                settings.Add(new(setting.ConfigurationPath!, value.Trim(), SettingOrigin.Flag(setting, $"--{key}")));
            }
            else if (key.Contains(':', StringComparison.Ordinal))
            {
                settings.Add(new(key, value, new(SettingSourceKind.CommandLine, $"flag --{key}", $"--{key}")));
            }

            // Bare host keys (environment, contentRoot, …) and empty sections are accepted and left to the host builder.
        }

        return new MonitorCommandLine(parsed, settings);
    }

    private static bool IsConfigurationKey(string key) =>
        key.Length > 0 && (key.Contains(':', StringComparison.Ordinal) || HostKeys.Contains(key));
}
