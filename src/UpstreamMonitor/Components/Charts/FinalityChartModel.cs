using UpstreamMonitor.History;

namespace UpstreamMonitor.Components.Charts;

/// <summary>One axis tick: where it sits and its label.</summary>
public sealed record ChartTick(double Position, string Label);

/// <summary>
/// Geometry of the finality chart: finalized, justified and head slot against wall time, plus the ideal slope (one
/// slot per slot duration from the first finalized point), so a stall is a flat line drifting below the ideal.
/// </summary>
public sealed record FinalityChartModel(
    double Width,
    double Height,
    string FinalizedPath,
    string JustifiedPath,
    string HeadPath,
    string IdealPath,
    IReadOnlyList<ChartTick> SlotTicks,
    IReadOnlyList<ChartTick> TimeTicks)
{
    public const double Left = 64;
    public const double Right = 12;
    public const double Top = 12;
    public const double Bottom = 28;

    public bool IsEmpty => FinalizedPath.Length == 0 && JustifiedPath.Length == 0 && HeadPath.Length == 0;

    internal static FinalityChartModel Build(IReadOnlyList<FinalityPoint> points, long fromMs, long toMs, TimeSpan slotDuration, double width = 800, double height = 260)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(toMs, fromMs);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slotDuration, TimeSpan.Zero);
        var x = new LinearScale(fromMs, toMs, Left, width - Right);

        var origin = points.FirstOrDefault(p => p.FinalizedSlot is not null);
        (long AtMs, double Slot)? idealStart = origin is null ? null : (origin.AtMs, origin.FinalizedSlot!.Value);
        double? idealEnd = idealStart is { } s ? s.Slot + ((toMs - s.AtMs) / slotDuration.TotalMilliseconds) : null;

        var slots = points.SelectMany(p => new[] { p.FinalizedSlot, p.JustifiedSlot, p.HeadSlot })
            .Where(v => v is not null).Select(v => (double)v!.Value).ToList();
        if (idealStart is { } start && idealEnd is { } end)
        {
            slots.Add(start.Slot);
            slots.Add(end);
        }

        var min = slots.Count == 0 ? 0 : slots.Min();
        var max = slots.Count == 0 ? 1 : slots.Max();
        var y = new LinearScale(min, max, height - Bottom, Top);

        string Series(Func<FinalityPoint, long?> slot) =>
            SvgPath.Line(points.Select(p => (x.Map(p.AtMs), slot(p) is { } v ? y.Map(v) : (double?)null)));

        var ideal = idealStart is { } a && idealEnd is { } b
            ? SvgPath.Line([(x.Map(a.AtMs), y.Map(a.Slot)), (x.Map(toMs), y.Map(b))])
            : string.Empty;

        return new FinalityChartModel(
            width,
            height,
            Series(p => p.FinalizedSlot),
            Series(p => p.JustifiedSlot),
            Series(p => p.HeadSlot),
            ideal,
            Ticks(min, max, 4).Select(v => new ChartTick(y.Map(v), v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))).ToList(),
            Ticks(fromMs, toMs, 4).Select(v => new ChartTick(x.Map(v), TimeLabel((long)v, toMs - fromMs))).ToList());
    }

    /// <summary>Evenly spaced values from <paramref name="min"/> to <paramref name="max"/> inclusive.</summary>
    internal static IEnumerable<double> Ticks(double min, double max, int intervals)
    {
        if (max <= min)
        {
            yield return min;
            yield break;
        }

        for (var i = 0; i <= intervals; i++)
        {
            yield return Math.Round(min + ((max - min) * i / intervals));
        }
    }

    private static string TimeLabel(long ms, long spanMs)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return spanMs > TimeSpan.FromDays(2).TotalMilliseconds
            ? at.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
            : at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }
}
