namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// Where the memory and descriptors of the steady-state child are at one round: the footprint the growth check
/// compares, plus the GC's view (live, fragmented, committed), RSS split into anonymous and file-backed pages, and the
/// descriptors by kind, so a growth names its cause.
/// </summary>
internal sealed record MemoryCheckpoint(
    long Round,
    int Threads,
    long ResidentBytes,
    long AnonymousBytes,
    long FileBackedBytes,
    GcHeapSnapshot Gc,
    DescriptorCensus Descriptors)
{
    /// <summary>Read after a full blocking collection, so the GC figures are the live heap, not unswept garbage.</summary>
    public static MemoryCheckpoint Capture(long round, int threads, long residentBytes)
    {
        var smaps = SmapsRollup.CaptureSelf();
        return new MemoryCheckpoint(
            round,
            threads,
            residentBytes,
            smaps?.AnonymousBytes ?? -1,
            smaps?.FileBackedBytes ?? -1,
            GcHeapSnapshot.Capture(),
            DescriptorCensus.CaptureSelf() ?? new DescriptorCensus(0, 0, 0, 0, 0, 0));
    }

    public string Describe() =>
        $"round {Round}: threads {Threads}, rss {ResidentBytes >> 20} MiB (anon {AnonymousBytes >> 20}, file {FileBackedBytes >> 20}), " +
        $"gc live {Gc.HeapBytes >> 20} MiB (gen0 {Gc.Gen0Bytes >> 10} KiB, gen1 {Gc.Gen1Bytes >> 10} KiB, gen2 {Gc.Gen2Bytes >> 20} MiB, " +
        $"loh {Gc.LargeObjectBytes >> 10} KiB, poh {Gc.PinnedObjectBytes >> 10} KiB), fragmented {Gc.FragmentedBytes >> 10} KiB, " +
        $"committed {Gc.CommittedBytes >> 20} MiB; fds {Descriptors.Total} ({Descriptors})";
}
