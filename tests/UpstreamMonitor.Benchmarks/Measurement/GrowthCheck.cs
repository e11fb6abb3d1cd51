namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// "No growth beyond noise" made concrete: compares a resource between an early warm checkpoint and the last one.
/// A leak grows with rounds; noise (thread-pool injection, GC timing, allocator slack) stays within a small
/// absolute or relative band. The bands are recorded in decision 0701.
/// </summary>
internal sealed record GrowthCheck(string Resource, double First, double Last, double Allowed)
{
    public double Growth => Last - First;

    public bool WithinNoise => Growth <= Allowed;

    /// <summary>The allowed growth: the larger of <paramref name="absolute"/> and <paramref name="relative"/> × first.</summary>
    public static GrowthCheck Of(string resource, double first, double last, double absolute, double relative) =>
        new(resource, first, last, Math.Max(absolute, relative * first));

    /// <summary>Threads and descriptors: ±4 threads (the pool injects and retires), fds ±2% (pooled connections recycle).</summary>
    public static IReadOnlyList<GrowthCheck> ForFootprints(
        int firstThreads, int lastThreads,
        int firstFds, int lastFds,
        long firstHeap, long lastHeap,
        long firstRss, long lastRss) =>
    [
        Of("threads", firstThreads, lastThreads, absolute: 4, relative: 0),
        Of("open file descriptors", firstFds, lastFds, absolute: 8, relative: 0.02),
        Of("managed heap (after full GC)", firstHeap, lastHeap, absolute: 2 * 1024 * 1024, relative: 0.10),
        Of("RSS", firstRss, lastRss, absolute: 8 * 1024 * 1024, relative: 0.10),
    ];
}
