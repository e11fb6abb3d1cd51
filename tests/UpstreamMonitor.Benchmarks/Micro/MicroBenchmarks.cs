namespace UpstreamMonitor.Benchmarks.Micro;

/// <summary>The BenchmarkDotNet classes the micro scenario runs, and the hot paths this build cannot reach yet.</summary>
internal static class MicroBenchmarks
{
    public static IReadOnlyList<Type> Types() =>
    [
        typeof(SnapshotPublicationBenchmarks),
    ];

    public static IReadOnlyList<string> NotInThisBuild() =>
    [
        "Fork-choice parsing and the state-prefix read: not run (the lean API client has not landed in this build).",
    ];
}
