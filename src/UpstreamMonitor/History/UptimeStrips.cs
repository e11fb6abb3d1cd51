namespace UpstreamMonitor.History;

/// <summary>One hour of one upstream's polls: how many rounds there were and how many answered ok.</summary>
public readonly record struct UptimeSegment(long HourMs, long Rounds, long OkRounds)
{
    public double Share => Rounds == 0 ? 0 : (double)OkRounds / Rounds;
}

/// <summary>
/// The last <see cref="UptimeStrips.Hours"/> hours of one upstream, oldest first, like a status page's bar: an hour
/// without recorded rounds is null (the monitor was not running, or the upstream was not configured).
/// </summary>
public sealed record UpstreamUptime(IReadOnlyList<UptimeSegment?> Hours)
{
    public long Rounds => Hours.Sum(h => h?.Rounds ?? 0);

    public long OkRounds => Hours.Sum(h => h?.OkRounds ?? 0);

    /// <summary>Share of rounds ok over the strip; null when nothing was recorded.</summary>
    public double? Share => Rounds == 0 ? null : (double)OkRounds / Rounds;
}

/// <summary>Every upstream's strip as of one read of the store.</summary>
public sealed class UptimeStrips
{
    /// <summary>A day, hour by hour: what the table has room for.</summary>
    public const int Hours = 24;

    private const long HourMs = 3_600_000;

    private readonly Dictionary<string, UpstreamUptime> _byUpstream;

    private UptimeStrips(Dictionary<string, UpstreamUptime> byUpstream, long lastHourMs)
    {
        _byUpstream = byUpstream;
        LastHourMs = lastHourMs;
    }

    public static UptimeStrips Empty { get; } = new(new Dictionary<string, UpstreamUptime>(StringComparer.Ordinal), 0);

    /// <summary>Start of the newest hour in the strips (the hour of the read).</summary>
    public long LastHourMs { get; }

    public int Count => _byUpstream.Count;

    public UpstreamUptime? Of(string upstream) => _byUpstream.GetValueOrDefault(upstream);

    /// <summary>The first hour a strip ending at <paramref name="nowMs"/> covers.</summary>
    public static long FirstHourMs(long nowMs) => nowMs - (nowMs % HourMs) - ((Hours - 1) * HourMs);

    /// <summary>Lays hourly rows (any order) out as one strip per upstream of the <see cref="Hours"/> hours ending at <paramref name="nowMs"/>.</summary>
    internal static UptimeStrips Build(IEnumerable<UptimeHourRow> rows, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var first = FirstHourMs(nowMs);
        var segments = new Dictionary<string, UptimeSegment?[]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var index = (row.HourMs - first) / HourMs;
            if (index is < 0 or >= Hours)
            {
                continue;
            }

            if (!segments.TryGetValue(row.Upstream, out var hours))
            {
                hours = new UptimeSegment?[Hours];
                segments[row.Upstream] = hours;
            }

            hours[index] = new UptimeSegment(row.HourMs, row.Rounds, row.OkRounds);
        }

        var strips = new Dictionary<string, UpstreamUptime>(segments.Count, StringComparer.Ordinal);
        foreach (var (upstream, hours) in segments)
        {
            strips[upstream] = new UpstreamUptime(hours);
        }

        return new UptimeStrips(strips, first + ((Hours - 1) * HourMs));
    }
}
