using System.Globalization;

namespace UpstreamMonitor.Benchmarks.Reporting;

/// <summary>How figures are printed: invariant culture, units spelled out, ratios with a ×.</summary>
internal static class FigureFormat
{
    public static string Ms(TimeSpan value) => Ms(value.TotalMilliseconds);

    public static string Ms(double milliseconds) =>
        milliseconds >= 100
            ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.##} ms");

    public static string Ratio(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.00}×");

    public static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0.#}%");

    public static string Count(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:#,0}");

    public static string Rate(double perSecond) => string.Create(CultureInfo.InvariantCulture, $"{perSecond:#,0}/s");

    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        var value = Math.Abs(bytes);
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var signed = bytes < 0 ? -value : value;
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{signed:0} B")
            : string.Create(CultureInfo.InvariantCulture, $"{signed:0.0} {units[unit]}");
    }

    public static string MetOrMissed(bool met) => met ? "met" : "missed";
}
