using System.Globalization;
using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// The parsed command line: values by setting, the action switches, and every problem found. Flags are those of
/// <see cref="MonitorSettingTable"/>, written <c>--flag value</c> or <c>--flag=value</c>; a repeated flag's last value wins.
/// ASP.NET Core's configuration form is accepted too (<c>--Monitor:PollMs=1000</c>, <c>--environment=Development</c>):
/// it is what <c>WebApplicationFactory</c> passes to the entry point, and what .NET operators may reach for.
/// </summary>
public sealed class MonitorCommandLine
{
    /// <summary>Host settings that <c>WebApplicationFactory</c> and <c>dotnet</c> tooling pass as <c>--key=value</c>.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "environment", "contentRoot", "applicationName", MonitorOptions.SectionName, "Serilog", "Logging", "AllowedHosts",
    };

    private MonitorCommandLine(
        Dictionary<MonitorSetting, string> values,
        Dictionary<MonitorSetting, string> spellings,
        List<KeyValuePair<string, string?>> configuration,
        HashSet<MonitorSetting> switches,
        List<string> errors,
        bool unknownFlag)
    {
        Values = values;
        Spellings = spellings;
        ConfigurationArguments = configuration;
        Errors = errors;
        HasUnknownFlag = unknownFlag;
        Help = switches.Contains(MonitorSettingTable.Help);
        Version = switches.Contains(MonitorSettingTable.Version);
        CheckConfig = switches.Contains(MonitorSettingTable.CheckConfig);
    }

    public IReadOnlyDictionary<MonitorSetting, string> Values { get; }

    /// <summary>How each value's flag was written, when not its usual flag (<c>--Monitor:PollMs</c>).</summary>
    public IReadOnlyDictionary<MonitorSetting, string> Spellings { get; }

    /// <summary>Other <c>--key=value</c> configuration arguments (<c>--Serilog:MinimumLevel:Default=Debug</c>), passed to
    /// the host as overrides.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> ConfigurationArguments { get; }

    public bool Help { get; }

    public bool Version { get; }

    public bool CheckConfig { get; }

    public IReadOnlyList<string> Errors { get; }

    /// <summary>An unknown flag or stray argument: the usage is printed with the error.</summary>
    public bool HasUnknownFlag { get; }

    public static MonitorCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<MonitorSetting, string>();
        var spellings = new Dictionary<MonitorSetting, string>();
        var configuration = new List<KeyValuePair<string, string?>>();
        var switches = new HashSet<MonitorSetting>();
        var errors = new List<string>();
        var unknown = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "-?")
            {
                switches.Add(MonitorSettingTable.Help);
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                errors.Add($"unexpected argument '{UrlRedaction.MaskText(arg)}' (flags start with --)");
                unknown = true;
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = equals < 0 ? arg : arg[..equals];
            var inline = equals < 0 ? null : arg[(equals + 1)..];
            var setting = MonitorSettingTable.FindFlag(flag);
            if (setting is null && inline is not null && IsConfigurationKey(flag[2..]))
            {
                AddConfiguration(flag[2..], inline, values, spellings, configuration);
                continue;
            }

            if (setting is null)
            {
                errors.Add(Suggest(flag) is { } suggestion
                    ? $"unknown flag '{flag}' (did you mean {suggestion}?)"
                    : $"unknown flag '{flag}'");
                unknown = true;
                continue;
            }

            switch (setting.Kind)
            {
                case MonitorSettingKind.Switch:
                    if (inline is not null)
                    {
                        errors.Add($"{flag}: takes no value");
                    }

                    switches.Add(setting);
                    break;

                case MonitorSettingKind.OptionalNumber:
                    if (inline is not null)
                    {
                        values[setting] = inline;
                    }
                    else if (i + 1 < args.Count && LooksLikeNumber(args[i + 1]))
                    {
                        values[setting] = args[++i];
                    }
                    else
                    {
                        values[setting] = setting.ImplicitValue!;
                    }

                    break;

                default:
                    var value = inline;
                    if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        value = args[++i];
                    }

                    if (string.IsNullOrWhiteSpace(value))
                    {
                        errors.Add($"{flag}: missing value ({setting.Usage})");
                        break;
                    }

                    values[setting] = value;
                    break;
            }
        }

        return new MonitorCommandLine(values, spellings, configuration, switches, errors, unknown);
    }

    private static bool IsConfigurationKey(string key) =>
        key.Length > 0 && (key.Contains(':', StringComparison.Ordinal) || HostKeys.Contains(key));

    private static void AddConfiguration(
        string key,
        string value,
        Dictionary<MonitorSetting, string> values,
        Dictionary<MonitorSetting, string> spellings,
        List<KeyValuePair<string, string?>> configuration)
    {
        var prefix = MonitorOptions.SectionName + ":";
        var setting = key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? MonitorSettingTable.Values.FirstOrDefault(s => string.Equals(s.Key, key[prefix.Length..], StringComparison.OrdinalIgnoreCase))
            : null;
        if (setting is not null)
        {
            // The same setting as its flag, so it is parsed, checked and reported like one.
            values[setting] = value;
            spellings[setting] = $"--{key}";
        }
        else if (key.Contains(':', StringComparison.Ordinal))
        {
            configuration.Add(new(key, value));
        }

        // Bare host keys (environment, contentRoot, …) and empty sections are accepted and left to the host builder.
    }

    private static bool LooksLikeNumber(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>The known flag closest to a mistyped one (at most two edits away), for the error message.</summary>
    private static string? Suggest(string flag) =>
        MonitorSettingTable.All
            .Where(s => s.Flag is not null)
            .Select(s => (s.Flag!, Distance: EditDistance(flag, s.Flag!)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Item1)
            .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
