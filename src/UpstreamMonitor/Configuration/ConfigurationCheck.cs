using System.Globalization;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// Checks the layered configuration before the host exists, collecting every problem rather than stopping at the
/// first, each named the way the user wrote it (<c>--poll-ms</c>, <c>LEANPOINT_POLL_MS</c>, a key in a file): values
/// that are not numbers, then each feature's rules, then the chosen upstream list.
/// </summary>
internal static class ConfigurationCheck
{
    public static ResolvedMonitorConfiguration Run(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var warnings = new List<string>();
        var origins = new Dictionary<MonitorSetting, SettingOrigin>();
        var unparsable = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var failed = new HashSet<string>(StringComparer.Ordinal);

        foreach (var setting in MonitorSettingTable.Values)
        {
            var path = setting.ConfigurationPath!;
            var raw = configuration[path];
            var origin = string.IsNullOrEmpty(raw) ? null : MonitorConfigurationLayers.OriginOf(configuration, path);
            origins[setting] = origin ?? SettingOrigin.Default(setting);
            if (origin is not null && setting.IsInteger && ParseProblem(setting, raw!) is { } problem)
            {
                errors.Add($"{origin.Name}: {problem}");
                failed.Add(setting.Key!);
                unparsable[path] = setting.DefaultValue(); // so the other checks still run
            }
        }

        var settings = Bind(configuration, unparsable, errors);
        foreach (var issue in settings.Check())
        {
            if (issue.Key is null)
            {
                (issue.IsError ? errors : warnings).Add(issue.Problem);
                continue;
            }

            if (failed.Contains(issue.Key))
            {
                continue;
            }

            var setting = MonitorSettingTable.FindKey(issue.Key);
            var name = setting is null ? MonitorSection.PathOf(issue.Key) : origins[setting].Name;
            (issue.IsError ? errors : warnings).Add($"{name}: {issue.Problem}");
        }

        var kind = UpstreamSourceSelection.Choose(settings.Upstreams, settings.Host.DemoNodes, configuration);
        UpstreamSet? upstreams = null;
        switch (kind)
        {
            case UpstreamSourceKind.Demo:
                warnings.AddRange(IgnoredByDemo(settings.Upstreams, origins));
                break;
            case UpstreamSourceKind.File:
                var file = UpstreamFileReader.Read(settings.Upstreams.UpstreamsConfig!);
                errors.AddRange(file.Errors.Select(e => $"{origins[MonitorSettingTable.UpstreamsConfig].Name}: {e}"));
                upstreams = file.Set;
                break;
            case UpstreamSourceKind.Inline or UpstreamSourceKind.LeanUrl:
                // Their problems were already reported by the rules.
                upstreams = UpstreamSourceSelection.FixedList(kind, settings.Upstreams, configuration)?.Set;
                break;
            default:
                errors.Add("no upstreams configured: give --upstreams-config FILE (LEANPOINT_UPSTREAMS_CONFIG), " +
                           "--lean-url URL (LEANPOINT_LEAN_URL), Monitor:Upstreams in appsettings.json, or --demo");
                break;
        }

        return new ResolvedMonitorConfiguration(configuration, settings, origins, kind, upstreams, errors, warnings);
    }

    private static MonitorSettings Bind(IConfigurationRoot configuration, Dictionary<string, string?> unparsable, List<string> errors)
    {
        IConfiguration bound = unparsable.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(unparsable).Build();
        try
        {
            return MonitorSettings.Bind(bound);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"appsettings: {ex.Message}");
            return MonitorSettings.Bind(new ConfigurationBuilder().Build());
        }
    }

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

    private static IEnumerable<string> IgnoredByDemo(UpstreamsOptions options, Dictionary<MonitorSetting, SettingOrigin> origins)
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
            yield return $"{origins[MonitorSettingTable.Demo].Name}: demo mode ignores {MonitorSection.PathOf("Upstreams")}";
        }
    }
}
