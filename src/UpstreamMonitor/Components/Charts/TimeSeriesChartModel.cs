using System.Globalization;

namespace UpstreamMonitor.Components.Charts;

/// <summary>Geometry of one value against wall time (head lag, latency): one path, value ticks and time ticks.</summary>
public sealed record TimeSeriesChartModel(double Width, double Height, string Path, IReadOnlyList<ChartTick> ValueTicks, IReadOnlyList<ChartTick> TimeTicks)
{
    public bool IsEmpty => Path.Length == 0;

    /// <summary>Builds the chart; with <c>step</c> a value holds until the next one (change rows such as head lag).</summary>
    internal static TimeSeriesChartModel Build(IReadOnlyList<(long AtMs, double? Value)> points, long fromMs, long toMs, bool step = false, double width = 800, double height = 160)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(toMs, fromMs);
        var x = new LinearScale(fromMs, toMs, FinalityChartModel.Left, width - FinalityChartModel.Right);
        var values = points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        var min = values.Count == 0 ? 0 : Math.Min(0, values.Min());
        var max = values.Count == 0 ? 1 : Math.Max(values.Max(), min + 1);
        var y = new LinearScale(min, max, height - FinalityChartModel.Bottom, FinalityChartModel.Top);

        var drawn = new List<(double X, double? Y)>(points.Count * 2);
        for (var i = 0; i < points.Count; i++)
        {
            var (at, value) = points[i];
            var py = value is { } v ? y.Map(v) : (double?)null;
            drawn.Add((x.Map(at), py));
            if (step && py is not null)
            {
                // Hold the value until the next change (or the end of the range).
                var until = i + 1 < points.Count ? points[i + 1].AtMs : toMs;
                drawn.Add((x.Map(until), py));
            }
        }

        return new TimeSeriesChartModel(
            width,
            height,
            SvgPath.Line(drawn),
            [.. FinalityChartModel.Ticks(min, max, 3).Select(v => new ChartTick(y.Map(v), v.ToString("0.##", CultureInfo.InvariantCulture)))],
            [.. FinalityChartModel.Ticks(fromMs, toMs, 4).Select(v => new ChartTick(x.Map(v), DateTimeOffset.FromUnixTimeMilliseconds((long)v).ToString("HH:mm", CultureInfo.InvariantCulture)))]);
    }
}
