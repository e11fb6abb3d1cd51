using System.Globalization;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// Merges the layers (flags &gt; <c>LEANPOINT_*</c> variables &gt; appsettings.json &gt; defaults) into one
/// <see cref="MonitorOptions"/>, remembering where each value came from, and checks everything, collecting every
/// problem rather than stopping at the first.
/// </summary>
public static class MonitorConfigurationResolver
{
    private static readonly MonitorOptions DefaultOptions = new();

    /// <param name="flags">Values given on the command line, by setting (already split from their flags).</param>
    /// <param name="variables">The process environment.</param>
    /// <param name="appSettings">appsettings.json and <c>Monitor__*</c> variables, as the host reads them.</param>
    /// <param name="flagSpellings">How a flag was written when not its usual form (<c>--Monitor:PollMs</c>).</param>
    public static ResolvedMonitorConfiguration Resolve(
        IReadOnlyDictionary<MonitorSetting, string> flags,
        IReadOnlyDictionary<string, string> variables,
        AppSettingsLayer appSettings,
        IReadOnlyDictionary<MonitorSetting, string>? flagSpellings = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(appSettings);

        var errors = new List<string>();
        var warnings = new List<string>();
        if (appSettings.Error is { } appSettingsError)
        {
            errors.Add(appSettingsError);
        }

        var origins = new Dictionary<MonitorSetting, SettingOrigin>();
        var overrides = new List<KeyValuePair<string, string?>>();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var failed = new HashSet<string>(StringComparer.Ordinal);

        foreach (var setting in MonitorSettingTable.Values)
        {
            var (raw, origin) = Pick(setting, flags, flagSpellings, variables, appSettings);
            origins[setting] = origin;
            if (raw is null)
            {
                // Written out so an empty appsettings value means "not set" rather than reaching the binder.
                values[setting.ConfigurationPath!] = DefaultOf(setting);
                continue;
            }

            if (setting.IsInteger && ParseProblem(setting, raw) is { } problem)
            {
                errors.Add($"{origin.Name}: {problem}");
                failed.Add(setting.Key!);
                values[setting.ConfigurationPath!] = DefaultOf(setting); // so the other checks still run
                continue;
            }

            var value = raw.Trim();
            values[setting.ConfigurationPath!] = value;
            if (origin.Kind is SettingSourceKind.CommandLine or SettingSourceKind.Environment)
            {
                overrides.Add(new(setting.ConfigurationPath!, value));
            }
        }

        var options = Bind(appSettings, values, errors);

        foreach (var issue in MonitorOptionsRules.Check(options))
        {
            if (failed.Contains(issue.Key))
            {
                continue;
            }

            var setting = MonitorSettingTable.FindKey(issue.Key);
            var name = setting is null ? $"{MonitorOptions.SectionName}:{issue.Key}" : origins[setting].Name;
            (issue.IsError ? errors : warnings).Add($"{name}: {issue.Problem}");
        }

        var inline = options.Upstreams.Count > 0
            ? UpstreamListRules.FromEntries(options.Upstreams, InlineOrigin(appSettings))
            : null;
        if (inline is not null)
        {
            errors.AddRange(inline.Errors);
        }

        var kind = UpstreamSourceSelection.Choose(options, s => origins[s].Kind);
        UpstreamSet? upstreams = null;
        UpstreamFileReadResult? file = null;
        switch (kind)
        {
            case UpstreamSourceKind.Demo:
                warnings.AddRange(IgnoredByDemo(options, origins));
                break;
            case UpstreamSourceKind.File:
                file = UpstreamFileReader.Read(options.UpstreamsConfig!);
                errors.AddRange(file.Errors.Select(e => $"{origins[MonitorSettingTable.UpstreamsConfig].Name}: {e}"));
                upstreams = file.Set;
                break;
            case UpstreamSourceKind.Inline:
                upstreams = inline?.Set;
                break;
            case UpstreamSourceKind.LeanUrl:
                // An invalid URL was already reported by the rules.
                upstreams = UpstreamListRules.FromLeanUrl(options.LeanUrl!, $"{origins[MonitorSettingTable.LeanUrl].Label} (single upstream)").Set;
                break;
            default:
                errors.Add("no upstreams configured: give --upstreams-config FILE (LEANPOINT_UPSTREAMS_CONFIG), " +
                           "--lean-url URL (LEANPOINT_LEAN_URL), Monitor:Upstreams in appsettings.json, or --demo");
                break;
        }

        return new ResolvedMonitorConfiguration(options, origins, overrides, kind, upstreams, file, errors, warnings);
    }

    private static (string? Raw, SettingOrigin Origin) Pick(
        MonitorSetting setting,
        IReadOnlyDictionary<MonitorSetting, string> flags,
        IReadOnlyDictionary<MonitorSetting, string>? flagSpellings,
        IReadOnlyDictionary<string, string> variables,
        AppSettingsLayer appSettings)
    {
        if (flags.TryGetValue(setting, out var flagValue))
        {
            return (flagValue, SettingOrigin.Flag(setting, flagSpellings?.GetValueOrDefault(setting)));
        }

        if (setting.EnvironmentVariable is { } variable &&
            variables.TryGetValue(variable, out var environmentValue) &&
            !string.IsNullOrWhiteSpace(environmentValue))
        {
            return (environmentValue, SettingOrigin.Environment(variable));
        }

        var path = setting.ConfigurationPath!;
        var configured = appSettings.Configuration[path];
        if (!string.IsNullOrEmpty(configured) && appSettings.OriginOf(path) is { } origin)
        {
            return (configured, origin);
        }

        return (null, SettingOrigin.Default(setting));
    }

    private static string? DefaultOf(MonitorSetting setting) =>
        Convert.ToString(typeof(MonitorOptions).GetProperty(setting.Key!)!.GetValue(DefaultOptions), CultureInfo.InvariantCulture);

    private static string? ParseProblem(MonitorSetting setting, string raw)
    {
        if (!long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return $"'{raw}' is not an integer";
        }

        if (number < 0)
        {
            return $"{number.ToString(CultureInfo.InvariantCulture)} is negative; expected a non-negative integer";
        }

        return setting.Kind != MonitorSettingKind.LargeNumber && number > int.MaxValue
            ? $"{number.ToString(CultureInfo.InvariantCulture)} is too large"
            : null;
    }

    private static MonitorOptions Bind(AppSettingsLayer appSettings, Dictionary<string, string?> values, List<string> errors)
    {
        // Table settings come from `values` (already parsed), so the binder only meets the rest of the section.
        var merged = new ConfigurationBuilder()
            .AddConfiguration(appSettings.Configuration)
            .AddInMemoryCollection(values)
            .Build();
        try
        {
            return merged.GetSection(MonitorOptions.SectionName).Get<MonitorOptions>() ?? new MonitorOptions();
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"appsettings: {ex.Message}");
            return new MonitorOptions();
        }
    }

    private static string InlineOrigin(AppSettingsLayer appSettings) =>
        appSettings.OriginOf($"{MonitorOptions.SectionName}:Upstreams")?.Name ?? $"{MonitorOptions.SectionName}:Upstreams";

    private static IEnumerable<string> IgnoredByDemo(MonitorOptions options, Dictionary<MonitorSetting, SettingOrigin> origins)
    {
        foreach (var setting in new[] { MonitorSettingTable.UpstreamsConfig, MonitorSettingTable.LeanUrl })
        {
            if (origins[setting].Kind != SettingSourceKind.Default)
            {
                yield return $"{origins[MonitorSettingTable.Demo].Name}: demo mode ignores {origins[setting].Name}";
            }
        }

        if (options.Upstreams.Count > 0)
        {
            yield return $"{origins[MonitorSettingTable.Demo].Name}: demo mode ignores {MonitorOptions.SectionName}:Upstreams";
        }
    }
}
