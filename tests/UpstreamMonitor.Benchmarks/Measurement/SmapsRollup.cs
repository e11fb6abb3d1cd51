using System.Globalization;

namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// Linux <c>/proc/self/smaps_rollup</c>: RSS split into anonymous memory (GC heap, native allocations, thread stacks)
/// and file-backed pages (mapped assemblies and native libraries), which tells a heap or native leak from code pages.
/// </summary>
internal sealed record SmapsRollup(long ResidentBytes, long AnonymousBytes)
{
    public long FileBackedBytes => ResidentBytes - AnonymousBytes;

    public static SmapsRollup? CaptureSelf() =>
        File.Exists("/proc/self/smaps_rollup") ? Parse(File.ReadAllText("/proc/self/smaps_rollup")) : null;

    public static SmapsRollup Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long rss = 0, anonymous = 0;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            if (key is not ("Rss" or "Anonymous"))
            {
                continue;
            }

            var number = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (!long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
            {
                throw new InvalidDataException($"smaps_rollup: unreadable value in '{line.Trim()}'.");
            }

            if (key == "Rss")
            {
                rss = kb * 1024;
            }
            else
            {
                anonymous = kb * 1024;
            }
        }

        return new SmapsRollup(rss, anonymous);
    }
}
