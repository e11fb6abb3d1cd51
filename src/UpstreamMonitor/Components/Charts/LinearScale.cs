namespace UpstreamMonitor.Components.Charts;

/// <summary>Maps a value in [<see cref="DomainMin"/>, <see cref="DomainMax"/>] to a pixel in [<see cref="RangeMin"/>, <see cref="RangeMax"/>].</summary>
internal readonly record struct LinearScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    /// <summary>A flat domain (one value) maps to the middle of the range rather than dividing by zero.</summary>
    public double Map(double value) =>
        DomainMax - DomainMin is var span && span <= 0
            ? (RangeMin + RangeMax) / 2
            : RangeMin + ((value - DomainMin) / span * (RangeMax - RangeMin));
}
