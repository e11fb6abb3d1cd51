using System.Globalization;
using UpstreamMonitor.History;

namespace UpstreamMonitor.Http.History;

/// <summary>
/// Parses and checks the history API's query parameters. Times are RFC 3339 (<c>2026-12-07T08:00:00Z</c>) or Unix
/// milliseconds; every failure is one sentence naming the parameter and the value.
/// </summary>
internal static class HistoryQuery
{
    public const int DefaultLimit = 500;
    public const int DefaultPoints = 360;
    public const int MaxPoints = 2000;

    private static readonly string[] Rfc3339 =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Windows the uptime and finality routes accept.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> Windows = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["1h"] = TimeSpan.FromHours(1),
        ["6h"] = TimeSpan.FromHours(6),
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
    };

    public static bool TryTime(string name, string? text, out long ms, out string? error)
    {
        ms = 0;
        error = null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms))
        {
            if (ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                error = $"'{name}' = {text} is beyond year 9999 (Unix milliseconds expected).";
                return false;
            }

            return true;
        }

        if (DateTimeOffset.TryParseExact(text, Rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at))
        {
            ms = at.ToUnixTimeMilliseconds();
            return true;
        }

        error = $"'{name}' = '{Shorten(text)}' is not a time: use RFC 3339 (2026-12-07T08:00:00Z) or Unix milliseconds.";
        return false;
    }

    /// <summary>[from, to) with defaults: to = now, from = to − 24 h; from must be before to, and the span at most <paramref name="maxSpan"/>.</summary>
    public static bool TryRange(string? from, string? to, DateTimeOffset now, TimeSpan maxSpan, out long fromMs, out long toMs, out string? error)
    {
        fromMs = 0;
        toMs = now.ToUnixTimeMilliseconds();
        if (to is not null && !TryTime("to", to, out toMs, out error))
        {
            return false;
        }

        fromMs = toMs - (long)TimeSpan.FromHours(24).TotalMilliseconds;
        if (from is not null && !TryTime("from", from, out fromMs, out error))
        {
            return false;
        }

        if (fromMs >= toMs)
        {
            error = $"'from' ({Format(fromMs)}) must be before 'to' ({Format(toMs)}).";
            return false;
        }

        if (toMs - fromMs > (long)maxSpan.TotalMilliseconds)
        {
            error = $"the range {Format(fromMs)} to {Format(toMs)} is longer than history keeps ({maxSpan.TotalDays:0.#} days); narrow it.";
            return false;
        }

        error = null;
        return true;
    }

    public static bool TryLimit(string? text, int max, out int limit, out string? error)
    {
        limit = Math.Min(DefaultLimit, max);
        error = null;
        if (text is null)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= max)
        {
            return true;
        }

        error = $"'limit' = '{Shorten(text)}' must be a whole number from 1 to {max}.";
        return false;
    }

    public static bool TryPoints(string? text, out int points, out string? error)
    {
        points = DefaultPoints;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out points) && points >= 1 && points <= MaxPoints)
        {
            return true;
        }

        error = $"'points' = '{Shorten(text)}' must be a whole number from 1 to {MaxPoints}.";
        return false;
    }

    public static bool TryCursor(string? text, out long afterId, out string? error)
    {
        afterId = 0;
        error = null;
        if (text is null || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out afterId) && afterId >= 0))
        {
            return true;
        }

        error = $"'cursor' = '{Shorten(text)}' is not a cursor this API returned (use next_cursor from the previous page).";
        return false;
    }

    public static bool TryWindow(string? text, string fallback, IReadOnlyCollection<string> allowed, out string window, out TimeSpan span, out string? error)
    {
        window = text ?? fallback;
        error = null;
        if (allowed.Contains(window) && Windows.TryGetValue(window, out span))
        {
            return true;
        }

        span = default;
        error = $"'window' = '{Shorten(window)}' must be one of {string.Join(", ", allowed)}.";
        return false;
    }

    /// <summary>An optional <c>kind</c> filter: absent, or one of <paramref name="allowed"/>.</summary>
    public static bool TryKind(string? kind, IReadOnlyCollection<string> allowed, out string? error)
    {
        error = kind is null || allowed.Contains(kind) ? null : $"'kind' = '{Shorten(kind)}' must be one of {string.Join(", ", allowed)}.";
        return error is null;
    }

    public static string Format(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()))
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Cursor(long? next) => next?.ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> ChangeNames(UpstreamChangeKind kind) =>
        Enum.GetValues<UpstreamChangeKind>().Where(k => k != UpstreamChangeKind.None && kind.HasFlag(k)).Select(k => k.ToString().ToLowerInvariant()).ToArray();

    // Echo at most a short prefix of bad input back.
    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 40 ? text : text[..40] + "…";
}
