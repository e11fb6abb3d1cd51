namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>One measured rate and whether it was over the target.</summary>
internal sealed record CrossingProbe(int Rate, bool Over);

/// <summary>Where a figure crosses its target: the highest rate measured under it and the lowest measured over it.</summary>
internal sealed record Crossing(int? LastUnder, int? FirstOver, IReadOnlyList<CrossingProbe> Probes);

/// <summary>
/// Finds the rate at which a latency percentile crosses its target, from whichever side the first rate falls: it
/// doubles the rate while under (or halves it while over) until the other side is reached, then bisects between the
/// two. The result brackets the crossing; a side stays null when the bound was reached without crossing.
/// </summary>
internal static class CrossingSearch
{
    public static async Task<Crossing> FindAsync(CrossingProbe first, int floor, int ceiling, int bisections, Func<int, Task<bool>> isOver)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(isOver);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(floor);
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, floor);
        var probes = new List<CrossingProbe> { first };
        int? under = first.Over ? null : first.Rate;
        int? over = first.Over ? first.Rate : null;

        async Task Probe(int rate)
        {
            var result = await isOver(rate).ConfigureAwait(false);
            probes.Add(new CrossingProbe(rate, result));
            if (result)
            {
                over = rate;
            }
            else
            {
                under = rate;
            }
        }

        if (first.Over)
        {
            for (var rate = first.Rate / 2; rate >= floor && under is null; rate /= 2)
            {
                await Probe(rate).ConfigureAwait(false);
            }
        }
        else
        {
            for (var rate = first.Rate * 2; rate <= ceiling && over is null; rate *= 2)
            {
                await Probe(rate).ConfigureAwait(false);
            }
        }

        for (var i = 0; i < bisections && under is { } low && over is { } high; i++)
        {
            var middle = low + ((high - low) / 2);
            if (middle == low)
            {
                break;
            }

            await Probe(middle).ConfigureAwait(false);
        }

        return new Crossing(under, over, probes);
    }
}
