namespace UpstreamMonitor.Components.Charts;

/// <summary>The finality chart's ranges, as the page's <c>?range=</c> and the finality route's <c>window</c> name them.</summary>
internal static class HistoryRanges
{
    public static readonly IReadOnlyList<(string Name, TimeSpan Span)> All =
    [
        ("1h", TimeSpan.FromHours(1)),
        ("6h", TimeSpan.FromHours(6)),
        ("24h", TimeSpan.FromHours(24)),
        ("7d", TimeSpan.FromDays(7)),
    ];

    public const string Default = "24h";

    /// <summary>The named range, or 24 h for anything unknown (a page must render for a bad link).</summary>
    public static (string Name, TimeSpan Span) Parse(string? name)
    {
        foreach (var range in All)
        {
            if (string.Equals(range.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return range;
            }
        }

        return All[2];
    }
}
