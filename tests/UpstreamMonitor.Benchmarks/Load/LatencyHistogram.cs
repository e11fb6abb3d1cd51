using System.Numerics;

namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>
/// A log-linear latency histogram in the manner of HdrHistogram: values in microseconds, exact below 1,024 µs and
/// within 1/512 (0.2%) above, in a fixed array whatever the sample count, so recording never allocates.
/// Percentiles report the highest value of their bucket, as HdrHistogram does, so they never flatter.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 10;

    /// <summary>Latencies above a minute are recorded as a minute: the run is broken by then anyway.</summary>
    private const long MaxMicroseconds = 60_000_000;

    private readonly long[] _counts = new long[IndexOf(MaxMicroseconds) + 1];

    public long Count { get; private set; }

    public long MaxMicros { get; private set; }

    public void Record(TimeSpan latency)
    {
        var micros = Math.Clamp((long)latency.TotalMicroseconds, 0, MaxMicroseconds);
        _counts[IndexOf(micros)]++;
        Count++;
        MaxMicros = Math.Max(MaxMicros, micros);
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    /// <summary>The latency at or below which <paramref name="percentile"/>% of the recorded values lie.</summary>
    public TimeSpan Percentile(double percentile)
    {
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds(Math.Min(HighestValueOf(i), MaxMicros));
            }
        }

        return TimeSpan.FromMicroseconds(MaxMicros);
    }

    internal static int IndexOf(long micros)
    {
        if (micros < 1 << SubBucketBits)
        {
            return (int)micros;
        }

        var shift = (63 - BitOperations.LeadingZeroCount((ulong)micros)) - (SubBucketBits - 1);
        return (shift << (SubBucketBits - 1)) + (int)(micros >> shift);
    }

    internal static long HighestValueOf(int index)
    {
        if (index < 1 << SubBucketBits)
        {
            return index;
        }

        var shift = (index >> (SubBucketBits - 1)) - 1;
        var sub = index - (shift << (SubBucketBits - 1));
        return ((long)(sub + 1) << shift) - 1;
    }
}
