namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// What the GC holds after its last collection (<see cref="GC.GetGCMemoryInfo()"/>): live size per generation,
/// fragmentation, and what it keeps committed. Committed growth with a flat live heap is the GC's own policy
/// (budgets, heap count, free regions it has not yet decommitted), not a leak in the product.
/// </summary>
internal sealed record GcHeapSnapshot(
    long HeapBytes,
    long FragmentedBytes,
    long CommittedBytes,
    long PromotedBytes,
    long Gen0Bytes,
    long Gen1Bytes,
    long Gen2Bytes,
    long LargeObjectBytes,
    long PinnedObjectBytes,
    double LastPauseMs)
{
    public static GcHeapSnapshot Capture()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var generations = info.GenerationInfo.ToArray();
        long After(int generation) => generation < generations.Length ? generations[generation].SizeAfterBytes : 0;
        var pauses = info.PauseDurations;
        return new GcHeapSnapshot(
            info.HeapSizeBytes,
            info.FragmentedBytes,
            info.TotalCommittedBytes,
            info.PromotedBytes,
            After(0),
            After(1),
            After(2),
            After(3),
            After(4),
            pauses.Length > 0 ? pauses[0].TotalMilliseconds + (pauses.Length > 1 ? pauses[1].TotalMilliseconds : 0) : 0);
    }
}
