using System.Globalization;

namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// Order statistics of repeated measurements. Rounds on a shared two-core machine are noisy, so reports lead with the
/// median and keep min/max beside it to show the spread.
/// </summary>
internal sealed record SampleSummary(int Count, double Min, double Median, double Max, double Mean, double P99)
{
    public static SampleSummary Of(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("At least one sample is needed.", nameof(samples));
        }

        Array.Sort(sorted);
        return new SampleSummary(
            sorted.Length,
            sorted[0],
            Percentile(sorted, 50),
            sorted[^1],
            sorted.Average(),
            Percentile(sorted, 99));
    }

    /// <summary>Linear interpolation between closest ranks over an ascending array (the Excel/NumPy default).</summary>
    public static double Percentile(IReadOnlyList<double> ascending, double percent)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        if (ascending.Count == 0)
        {
            throw new ArgumentException("At least one sample is needed.", nameof(ascending));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = percent / 100 * (ascending.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return ascending[lower] + ((rank - lower) * (ascending[upper] - ascending[lower]));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"median {Median:0.###} (min {Min:0.###}, max {Max:0.###}, n={Count})");
}
