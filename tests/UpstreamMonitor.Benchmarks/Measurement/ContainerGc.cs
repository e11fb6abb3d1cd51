using System.Globalization;
using System.Text.Json.Nodes;

namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// The GC configuration the container ships, read from the host's own <c>UpstreamMonitor.runtimeconfig.json</c> (copied
/// beside the benchmark by the project reference) and turned into the environment variables a child process reads at
/// start: the benchmark runs as its own assembly, so the host's runtimeconfig would not apply to it otherwise, and a
/// GC setting added to the host project is measured without being repeated here.
/// </summary>
internal static class ContainerGc
{
    public const string HostRuntimeConfig = "UpstreamMonitor.runtimeconfig.json";

    private const string Prefix = "System.GC.";

    public static Dictionary<string, string> Environment =>
        FromRuntimeConfig(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, HostRuntimeConfig)));

    /// <summary>
    /// <c>System.GC.X</c> becomes <c>DOTNET_GCX</c> (server and concurrent keep their historical names); numbers are
    /// written in hexadecimal, as the runtime reads GC environment variables.
    /// </summary>
    public static Dictionary<string, string> FromRuntimeConfig(string json)
    {
        var properties = JsonNode.Parse(json)?["runtimeOptions"]?["configProperties"]?.AsObject()
            ?? throw new InvalidDataException($"{HostRuntimeConfig}: no runtimeOptions.configProperties.");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal) || value is null)
            {
                continue;
            }

            var name = key[Prefix.Length..] switch
            {
                "Server" => "DOTNET_gcServer",
                "Concurrent" => "DOTNET_gcConcurrent",
                var other => "DOTNET_GC" + other,
            };
            environment[name] = value.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.True => "1",
                System.Text.Json.JsonValueKind.False => "0",
                System.Text.Json.JsonValueKind.Number => value.GetValue<long>().ToString("X", CultureInfo.InvariantCulture),
                _ => throw new InvalidDataException($"{HostRuntimeConfig}: {key} is '{value}', not a boolean or a whole number."),
            };
        }

        return environment;
    }
}
