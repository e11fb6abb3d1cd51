using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// The configuration below the <c>LEANPOINT_*</c> variables, read the way the host reads it: appsettings.json and
/// appsettings.{Environment}.json from the content root, and <c>Monitor__*</c> environment variables. The entry point
/// reads it before building the host so it can validate, and say which file or variable a value came from.
/// </summary>
public sealed class AppSettingsLayer
{
    private readonly IConfigurationProvider? _commandLine;

    private AppSettingsLayer(IConfigurationRoot configuration, string? error, bool hasCommandLine)
    {
        Configuration = configuration;
        Error = error;
        _commandLine = hasCommandLine ? configuration.Providers.Last() : null;
    }

    public IConfigurationRoot Configuration { get; }

    /// <summary>Why the files could not be read (malformed JSON, with the file and position), or null.</summary>
    public string? Error { get; }

    /// <param name="contentRoot">Where appsettings.json is.</param>
    /// <param name="variables">The process environment.</param>
    /// <param name="commandLine"><c>--Key:Path=value</c> arguments other than the table's settings (highest).</param>
    public static AppSettingsLayer Load(
        string contentRoot,
        IReadOnlyDictionary<string, string> variables,
        IReadOnlyList<KeyValuePair<string, string?>>? commandLine = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var environmentName = Variable(variables, "ASPNETCORE_ENVIRONMENT") ?? Variable(variables, "DOTNET_ENVIRONMENT") ?? "Production";
        var monitorVariables = variables
            .Where(v => v.Key.StartsWith(MonitorOptions.SectionName + "__", StringComparison.OrdinalIgnoreCase))
            .Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value));

        var builder = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environmentName}.json", optional: true, reloadOnChange: false)
            .AddInMemoryCollection(monitorVariables);
        var hasCommandLine = commandLine is { Count: > 0 };
        if (hasCommandLine)
        {
            builder.AddInMemoryCollection(commandLine!);
        }

        try
        {
            return new(builder.Build(), null, hasCommandLine);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            var reason = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
            return new(new ConfigurationBuilder().Build(), reason, hasCommandLine: false);
        }
    }

    /// <summary>Which file or variable holds <paramref name="path"/> (the last provider wins, as in the host).</summary>
    public SettingOrigin? OriginOf(string path)
    {
        foreach (var provider in Configuration.Providers.Reverse())
        {
            if (!provider.TryGet(path, out var value) && !provider.GetChildKeys([], path).Any())
            {
                continue;
            }

            if (value is { Length: 0 })
            {
                continue;
            }

            if (ReferenceEquals(provider, _commandLine))
            {
                return new(SettingSourceKind.CommandLine, $"flag --{path}", $"--{path}");
            }

            return provider switch
            {
                JsonConfigurationProvider json => new(SettingSourceKind.AppSettings, $"{json.Source.Path} {path}", $"{path} in {json.Source.Path}"),
                MemoryConfigurationProvider => new(SettingSourceKind.AppSettings, $"env {path.Replace(":", "__", StringComparison.Ordinal)}",
                    path.Replace(":", "__", StringComparison.Ordinal)),
                _ => new(SettingSourceKind.AppSettings, $"configuration {path}", path),
            };
        }

        return null;
    }

    private static string? Variable(IReadOnlyDictionary<string, string> variables, string name) =>
        variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
