using System.Globalization;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Model;

/// <summary>
/// The swatch of the <c>index</c>-th root of a fork list (majority first), shared by the Forks panel and the table's fork
/// tag so a root looks the same in both: hues a golden angle apart, so neighbours never share a colour, and a letter
/// (A is the majority) so they differ without colour too. The majority starts at blue: red reads as the wrong side.
/// </summary>
internal readonly record struct ForkSwatch(string Hue, string Letter)
{
    private const double MajorityHue = 210;

    public static ForkSwatch At(int index) => new(
        ((MajorityHue + (index * 137.508)) % 360).ToString("F0", CultureInfo.InvariantCulture),
        index < 26 ? ((char)('A' + index)).ToString() : (index + 1).ToString(CultureInfo.InvariantCulture));

    /// <summary>The swatch of <paramref name="finalizedRoot"/> among the consensus's finalized roots; null when not listed.</summary>
    public static ForkSwatch? OfFinalized(ConsensusView consensus, string? finalizedRoot)
    {
        ArgumentNullException.ThrowIfNull(consensus);
        for (var i = 0; i < consensus.FinalizedForks.Count; i++)
        {
            if (string.Equals(consensus.FinalizedForks[i].Root, finalizedRoot, StringComparison.Ordinal))
            {
                return At(i);
            }
        }

        return null;
    }
}
