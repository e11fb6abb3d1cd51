namespace UpstreamMonitor.Benchmarks.Micro;

/// <summary>The BenchmarkDotNet classes the micro scenario runs.</summary>
internal static class MicroBenchmarks
{
    public static IReadOnlyList<Type> Types() =>
    [
        typeof(ForkChoiceParsingBenchmarks),
        typeof(StatePrefixReadBenchmarks),
        typeof(SnapshotPublicationBenchmarks),
        typeof(StateHashingBenchmarks),
    ];
}
