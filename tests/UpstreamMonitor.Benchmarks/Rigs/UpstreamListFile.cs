using System.Text.Json;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Rigs;

/// <summary>Hands a devnet's upstream list to a child process, in leanpoint's <c>upstreams.json</c> shape.</summary>
internal static class UpstreamListFile
{
    public const string EnvironmentVariable = "BENCH_UPSTREAMS_FILE";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<string> WriteAsync(IReadOnlyList<UpstreamDefinition> upstreams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        var path = Path.Combine(Path.GetTempPath(), $"um-bench-upstreams-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        var document = new UpstreamsDocument([.. upstreams.Select(u => new UpstreamsEntry(u.Name, u.Url.AbsoluteUri))]);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Json), cancellationToken).ConfigureAwait(false);
        return path;
    }

    public static IReadOnlyList<UpstreamDefinition> Read(string path)
    {
        var document = JsonSerializer.Deserialize<UpstreamsDocument>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty.");
        return [.. document.Upstreams.Select(e => UpstreamDefinition.Create(e.Name, new Uri(e.Url)))];
    }

    public static IReadOnlyList<UpstreamDefinition> ReadFromEnvironment() =>
        Read(Environment.GetEnvironmentVariable(EnvironmentVariable)
            ?? throw new InvalidOperationException($"{EnvironmentVariable} is not set."));

    private sealed record UpstreamsDocument(UpstreamsEntry[] Upstreams);

    private sealed record UpstreamsEntry(string Name, string Url);
}
