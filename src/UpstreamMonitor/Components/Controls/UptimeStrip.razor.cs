using System.Globalization;
using Microsoft.AspNetCore.Components;
using UpstreamMonitor.History;

namespace UpstreamMonitor.Components.Controls;

/// <summary>
/// One upstream's last 24 h as a status-page bar: a segment per hour, green from <see cref="GoodFrom"/> of rounds ok,
/// amber from <see cref="FairFrom"/>, red below, grey where nothing was recorded. Each segment's title says the hour,
/// the share and the rounds; the label says the day's share for screen readers.
/// </summary>
public sealed partial class UptimeStrip : ComponentBase
{
    /// <summary>An hour with at most one failed round in a hundred still reads as healthy.</summary>
    public const double GoodFrom = 0.99;

    public const double FairFrom = 0.90;

    [Parameter]
    public UpstreamUptime? Strip { get; set; }

    private string Label => Strip?.Share is { } share ? $"24 h uptime {ShareText(share)}" : "24 h uptime: nothing recorded";

    internal static string Band(UptimeSegment? segment) => segment switch
    {
        null or { Rounds: 0 } => "none",
        { Share: >= GoodFrom } => "good",
        { Share: >= FairFrom } => "fair",
        _ => "poor",
    };

    private static string Title(UptimeSegment? segment)
    {
        if (segment is not { Rounds: > 0 } s)
        {
            return "no rounds recorded";
        }

        var hour = DateTimeOffset.FromUnixTimeMilliseconds(s.HourMs).ToString("HH':00' 'UTC'", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{hour}: {ShareText(s.Share)} ok ({s.OkRounds:N0} of {s.Rounds:N0} rounds)");
    }

    private static string ShareText(double? share) => share switch
    {
        null => "—",
        1 => "100%",
        // Never round a failing day up to 100%.
        { } s => string.Create(CultureInfo.InvariantCulture, $"{Math.Min(Math.Floor(s * 1000) / 10, 99.9):0.0}%"),
    };
}
