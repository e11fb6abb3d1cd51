using System.Globalization;

namespace UpstreamMonitor.Components.Model;

/// <summary>Times and durations as an operator reads them at a glance.</summary>
internal static class RelativeTime
{
    /// <summary>"just now", "12 s ago", "4 min ago", "3 h ago", "2 d ago"; "never" when there is no time.</summary>
    public static string Ago(DateTimeOffset? then, DateTimeOffset now)
    {
        if (then is not { } value)
        {
            return "never";
        }

        var elapsed = now - value;
        if (elapsed < TimeSpan.FromSeconds(1))
        {
            return "just now";
        }

        return $"{Span(elapsed)} ago";
    }

    /// <summary>A coarse span: "12 s", "4 min 5 s", "3 h 2 min", "2 d 1 h".</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        var c = CultureInfo.InvariantCulture;
        if (span < TimeSpan.FromMinutes(1))
        {
            return string.Create(c, $"{(int)span.TotalSeconds} s");
        }

        if (span < TimeSpan.FromHours(1))
        {
            return span.Seconds == 0
                ? string.Create(c, $"{(int)span.TotalMinutes} min")
                : string.Create(c, $"{(int)span.TotalMinutes} min {span.Seconds} s");
        }

        if (span < TimeSpan.FromDays(1))
        {
            return string.Create(c, $"{(int)span.TotalHours} h {span.Minutes} min");
        }

        return string.Create(c, $"{(int)span.TotalDays} d {span.Hours} h");
    }

    /// <summary>A latency or round duration: "850 ms", "1.25 s".</summary>
    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } value)
        {
            return "—";
        }

        var c = CultureInfo.InvariantCulture;
        return value < TimeSpan.FromSeconds(1)
            ? string.Create(c, $"{value.TotalMilliseconds:0} ms")
            : string.Create(c, $"{value.TotalSeconds:0.00} s");
    }

    /// <summary>ISO-8601 for the machine-readable <c>datetime</c> attribute and the hover text.</summary>
    public static string Iso(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;
}
