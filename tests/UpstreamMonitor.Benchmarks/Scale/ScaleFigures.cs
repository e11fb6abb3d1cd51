using UpstreamMonitor.Benchmarks.Reporting;

namespace UpstreamMonitor.Benchmarks.Scale;

/// <summary>What the scale scenario measured at one N; <see cref="Rows"/> lists the figures compared between two N.</summary>
internal sealed record ScaleFigures
{
    public required int Upstreams { get; init; }

    public required int DevnetProcesses { get; init; }

    public required TimeSpan Ideal { get; init; }

    public required int Batches { get; init; }

    public required double MedianRoundMs { get; init; }

    public required double MinRoundMs { get; init; }

    public required double MaxRoundMs { get; init; }

    public required double ColdRoundMs { get; init; }

    /// <summary>Median time of a warm round spent after its window closed (registry, consensus, publication).</summary>
    public required double AfterRoundMs { get; init; }

    /// <summary>GC pause time per warm round (the process's total pause over the warm rounds, divided by their count).</summary>
    public required double GcPauseMsPerRound { get; init; }

    /// <summary>Bytes allocated per warm round.</summary>
    public required double AllocatedBytesPerRound { get; init; }

    /// <summary>The median warm round of the raw-socket floor (<see cref="Rigs.RawExchangeFloor"/>) on the same nodes.</summary>
    public required double FloorRoundMs { get; init; }

    /// <summary>Failed, abandoned or skipped upstreams in the worst warm round.</summary>
    public required int WarmFailed { get; init; }

    public required double ResidentBytes { get; init; }

    public required double PeakResidentBytes { get; init; }

    public required double ManagedHeapBytes { get; init; }

    public required double OpenFds { get; init; }

    public required double Threads { get; init; }

    /// <summary>The dashboard's server render of one round's update (filled in once every N has polled).</summary>
    public double ServerRenderMedianMs { get; init; } = double.NaN;

    public double ServerRenderMaxMs { get; init; } = double.NaN;

    /// <summary>One compared figure: its row label, metric key, how to read it and how to print it.</summary>
    internal sealed record Row(string Name, string Key, Func<ScaleFigures, double> Value, Func<double, string> Format);

    public static IReadOnlyList<Row> Rows { get; } =
    [
        new("upstreams", "upstreams", f => f.Upstreams, FigureFormat.Count),
        new("ideal round ceil(N/C) × L", "ideal_ms", f => f.Ideal.TotalMilliseconds, FigureFormat.Ms),
        new("median warm round", "median_round_ms", f => f.MedianRoundMs, FigureFormat.Ms),
        new("median / ideal", "round_ratio", f => f.MedianRoundMs / f.Ideal.TotalMilliseconds, FigureFormat.Ratio),
        new("after the round's window: registry, consensus, snapshot (median)", "after_round_ms", f => f.AfterRoundMs, FigureFormat.Ms),
        new("GC pause per warm round", "gc_pause_ms_per_round", f => f.GcPauseMsPerRound, FigureFormat.Ms),
        new("allocated per warm round", "allocated_bytes_per_round", f => f.AllocatedBytesPerRound, FigureFormat.Bytes),
        new("raw-socket floor, median warm round", "floor_round_ms", f => f.FloorRoundMs, FigureFormat.Ms),
        new("floor / ideal", "floor_ratio", f => f.FloorRoundMs / f.Ideal.TotalMilliseconds, FigureFormat.Ratio),
        new("median / floor", "round_over_floor", f => f.MedianRoundMs / f.FloorRoundMs, FigureFormat.Ratio),
        new("min warm round", "min_round_ms", f => f.MinRoundMs, FigureFormat.Ms),
        new("max warm round", "max_round_ms", f => f.MaxRoundMs, FigureFormat.Ms),
        new("cold round (connects, aggregator asked)", "cold_round_ms", f => f.ColdRoundMs, FigureFormat.Ms),
        new("RSS after the warm rounds", "rss_bytes", f => f.ResidentBytes, FigureFormat.Bytes),
        new("peak RSS during the warm rounds", "peak_rss_bytes", f => f.PeakResidentBytes, FigureFormat.Bytes),
        new("managed heap (after a full collection)", "managed_heap_bytes", f => f.ManagedHeapBytes, FigureFormat.Bytes),
        new("open fds", "open_fds", f => f.OpenFds, FigureFormat.Count),
        new("threads", "threads", f => f.Threads, FigureFormat.Count),
        new("dashboard server render, median", "render_median_ms", f => f.ServerRenderMedianMs, FigureFormat.Ms),
        new("dashboard server render, max", "render_max_ms", f => f.ServerRenderMaxMs, FigureFormat.Ms),
    ];
}
