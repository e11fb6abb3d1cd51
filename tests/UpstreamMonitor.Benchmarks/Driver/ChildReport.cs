using System.Text.Json;
using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Benchmarks.Driver;

/// <summary>What a child process measured, sent back to the driver as one JSON line.</summary>
internal sealed record ChildReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Set when the child could not run because a component is missing from this build.</summary>
    public string? Missing { get; init; }

    public string GcMode { get; init; } = string.Empty;

    public List<double> RoundsMs { get; init; } = [];

    public List<FootprintSample> Footprints { get; init; } = [];

    /// <summary>The steady-state child's detailed view at each footprint checkpoint (GC, RSS split, descriptors by kind).</summary>
    public List<MemoryCheckpoint> Checkpoints { get; init; } = [];

    public Dictionary<string, double> Metrics { get; init; } = [];

    public List<string> Notes { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ChildReport FromJson(string json) =>
        JsonSerializer.Deserialize<ChildReport>(json, Json) ?? throw new InvalidDataException("Empty child report.");

    public double Metric(string name) => Metrics.TryGetValue(name, out var value) ? value : double.NaN;
}

/// <summary>A <see cref="ProcessFootprint"/> taken after a given number of rounds.</summary>
internal sealed record FootprintSample(long Round, int Threads, int OpenFileDescriptors, long ManagedHeapBytes, long ResidentBytes)
{
    public static FootprintSample Capture(long round)
    {
        var f = ProcessFootprint.Capture();
        return new FootprintSample(round, f.Threads, f.OpenFileDescriptors, f.ManagedHeapBytes, f.ResidentBytes);
    }
}
