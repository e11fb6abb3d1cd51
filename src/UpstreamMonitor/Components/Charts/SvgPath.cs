using System.Globalization;
using System.Text;

namespace UpstreamMonitor.Components.Charts;

/// <summary>Builds an SVG path's <c>d</c> from points; a null breaks the line (no data is a gap, never a fake zero).</summary>
internal static class SvgPath
{
    public static string Line(IEnumerable<(double X, double? Y)> points)
    {
        var text = new StringBuilder();
        var drawing = false;
        foreach (var (x, y) in points)
        {
            if (y is not { } value)
            {
                drawing = false;
                continue;
            }

            text.Append(text.Length == 0 ? string.Empty : " ")
                .Append(drawing ? 'L' : 'M')
                .Append(Number(x))
                .Append(' ')
                .Append(Number(value));
            drawing = true;
        }

        return text.ToString();
    }

    public static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
