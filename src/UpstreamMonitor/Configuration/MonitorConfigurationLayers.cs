using Microsoft.Extensions.Configuration.Json;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// The monitor's configuration, lowest precedence first: appsettings.json, appsettings.{Environment}.json,
/// <c>Monitor__*</c> variables, <c>LEANPOINT_*</c> variables, command-line flags. Built once by the entry point; the
/// host reads the same layers, so what <c>--check-config</c> shows is what runs.
/// </summary>
internal static class MonitorConfigurationLayers
{
    /// <param name="contentRoot">Where appsettings.json is.</param>
    /// <param name="variables">The process environment.</param>
    /// <param name="commandLine">Flags and <c>--Key:Path=value</c> arguments, already turned into configuration keys.</param>
    /// <exception cref="InvalidDataException">An appsettings file is malformed (the message names it).</exception>
    public static IConfigurationRoot Build(
        string contentRoot, IReadOnlyDictionary<string, string> variables, IReadOnlyList<SettingEntry> commandLine)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(commandLine);
        var environmentName = Variable(variables, "ASPNETCORE_ENVIRONMENT") ?? Variable(variables, "DOTNET_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environmentName}.json", optional: true, reloadOnChange: false)
            .Add(new SettingLayer(MonitorVariables(variables)))
            .Add(new SettingLayer(LeanpointVariables(variables)))
            .Add(new SettingLayer(commandLine))
            .Build();
    }

    /// <summary>Which layer holds <paramref name="path"/> and how it was written; null when only the default applies.
    /// The last provider that has a non-empty value wins, as in the host.</summary>
    public static SettingOrigin? OriginOf(IConfigurationRoot configuration, string path)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (provider is ChainedConfigurationProvider { Configuration: IConfigurationRoot chained } &&
                OriginOf(chained, path) is { } inner)
            {
                return inner;
            }

            var hasValue = provider.TryGet(path, out var value) && value is { Length: > 0 };
            if (!hasValue && !provider.GetChildKeys([], path).Any())
            {
                continue;
            }

            return provider switch
            {
                SettingLayer.Provider layer => layer.OriginOf(path),
                JsonConfigurationProvider json => new(SettingSourceKind.AppSettings, $"{json.Source.Path} {path}", $"{path} in {json.Source.Path}"),
                ChainedConfigurationProvider => null,
                _ => new(SettingSourceKind.AppSettings, $"configuration {path}", path),
            };
        }

        return null;
    }

    private static List<SettingEntry> MonitorVariables(IReadOnlyDictionary<string, string> variables) =>
    [
        .. variables
            .Where(v => v.Key.StartsWith(MonitorSection.Name + "__", StringComparison.OrdinalIgnoreCase))
            .Select(v =>
            {
                var key = v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                return new SettingEntry(key, v.Value, new(SettingSourceKind.AppSettings, $"env {v.Key}", v.Key));
            }),
    ];

    // leanpoint's names: LEANPOINT_POLL_MS → Monitor:PollMs. A blank variable means "not set", as in leanpoint.
    private static List<SettingEntry> LeanpointVariables(IReadOnlyDictionary<string, string> variables) =>
    [
        .. MonitorSettingTable.Values
            .Where(s => s.EnvironmentVariable is { } name && !string.IsNullOrWhiteSpace(variables.GetValueOrDefault(name)))
            .Select(s => new SettingEntry(
                s.ConfigurationPath!, variables[s.EnvironmentVariable!].Trim(), SettingOrigin.Environment(s.EnvironmentVariable!))),
    ];

    private static string? Variable(IReadOnlyDictionary<string, string> variables, string name) =>
        variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
