using System.Globalization;

namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>The few fields of Linux <c>/proc/self/status</c> the steady-state scenario watches.</summary>
internal sealed record ProcStatus(long? ResidentBytes, long? PeakResidentBytes, int? Threads)
{
    public static ProcStatus Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long? rss = null, hwm = null;
        int? threads = null;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "VmRSS":
                    rss = KilobytesToBytes(value);
                    break;
                case "VmHWM":
                    hwm = KilobytesToBytes(value);
                    break;
                case "Threads":
                    threads = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null;
                    break;
                default:
                    break;
            }
        }

        return new ProcStatus(rss, hwm, threads);
    }

    private static long? KilobytesToBytes(string value)
    {
        // "123456 kB"
        var number = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }
}
