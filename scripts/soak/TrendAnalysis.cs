namespace UpstreamMonitor.Soak;

/// <summary>Least-squares line through a series, and whether it rises beyond the noise around it.</summary>
internal sealed record Trend(string Series, double SlopePerMinute, double GrowthOverWindow, double ResidualStdDev, double Mean, double Allowed)
{
    public bool Rising => GrowthOverWindow > Allowed;

    /// <summary>
    /// Fits y = a + b·x over the points. Allowed growth over the window: the larger of twice the residual standard
    /// deviation (noise), <paramref name="relativeFloor"/> of the mean, and <paramref name="absoluteFloor"/>.
    /// See docs/decisions/0801-soak-pass-criteria.md.
    /// </summary>
    public static Trend Fit(string series, IReadOnlyList<(double Minute, double Value)> points, double relativeFloor, double absoluteFloor)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 3)
        {
            return new Trend(series, 0, 0, 0, points.Count == 0 ? 0 : points.Average(p => p.Value), double.PositiveInfinity);
        }

        var meanX = points.Average(p => p.Minute);
        var meanY = points.Average(p => p.Value);
        var sxx = points.Sum(p => (p.Minute - meanX) * (p.Minute - meanX));
        var sxy = points.Sum(p => (p.Minute - meanX) * (p.Value - meanY));
        var slope = sxx == 0 ? 0 : sxy / sxx;
        var intercept = meanY - (slope * meanX);
        var residual = Math.Sqrt(points.Sum(p => Math.Pow(p.Value - (intercept + (slope * p.Minute)), 2)) / (points.Count - 2));
        var window = points[^1].Minute - points[0].Minute;
        var allowed = Math.Max(2 * residual, Math.Max(relativeFloor * Math.Abs(meanY), absoluteFloor));
        return new Trend(series, slope, slope * window, residual, meanY, allowed);
    }
}
