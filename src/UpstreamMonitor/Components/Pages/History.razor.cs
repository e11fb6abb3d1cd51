using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Components.Charts;
using UpstreamMonitor.History;

namespace UpstreamMonitor.Components.Pages;

/// <summary>
/// The page at <c>/history</c>: the finality chart over the chosen range and the event timeline (alerts fired and
/// resolved, upstream state changes), read from history once per visit (bounded by the reader's timeout), never per
/// snapshot.
/// </summary>
public sealed partial class History : ComponentBase
{
    /// <summary>The timeline shows the newest events only; older ones are one API call away.</summary>
    public const int TimelineLength = 50;

    private (string Name, TimeSpan Span) _range = HistoryRanges.Parse(null);
    private FinalityChartModel? _chart;
    private IReadOnlyList<TimelineEntry> _timeline = [];
    private string? _problem;

    [SupplyParameterFromQuery(Name = "range")]
    public string? Range { get; set; }

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IOptions<HistoryOptions> Options { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _range = HistoryRanges.Parse(Range);
        var reader = Services.GetService(typeof(HistoryReader)) as HistoryReader;
        if (reader is null)
        {
            _problem = "History is off (Monitor:History:Path = off): nothing is recorded.";
            return;
        }

        var toMs = Time.GetUtcNow().ToUnixTimeMilliseconds();
        var fromMs = toMs - (long)_range.Span.TotalMilliseconds;
        try
        {
            var points = await reader.FinalityAsync(fromMs, toMs, 360, CancellationToken.None);
            _chart = FinalityChartModel.Build(points, fromMs, toMs, Options.Value.SlotDuration);
            var timeline = await reader.TimelineAsync(fromMs, toMs + 1, TimelineLength, CancellationToken.None);
            _timeline = TimelineEntry.Merge(timeline, TimelineLength);
            _problem = null;
        }
        catch (HistoryUnavailableException ex)
        {
            _problem = ex.Message;
        }
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>One line of the timeline: an alert transition or an upstream's state change.</summary>
    internal sealed record TimelineEntry(long AtMs, string Kind, string Css, string Label, string? Upstream, string Text)
    {
        /// <summary>Both lists come newest first; the merge keeps the newest <paramref name="length"/>.</summary>
        public static IReadOnlyList<TimelineEntry> Merge(HistoryTimeline timeline, int length) =>
        [
            .. timeline.Alerts.Select(FromAlert)
                .Concat(timeline.Transitions.Select(FromTransition))
                .OrderByDescending(e => e.AtMs)
                .Take(length),
        ];

        private static TimelineEntry FromAlert(AlertHistoryEvent a) => new(
            a.AtMs,
            a.Kind,
            $"alert {a.Severity} {a.Transition}",
            $"{a.Kind.Replace('_', ' ')} {a.Transition}",
            null,
            a.Summary);

        private static TimelineEntry FromTransition(UpstreamChange c) => new(
            c.AtMs,
            "state",
            "state state-" + c.State,
            c.State == "ok" ? "back ok" : c.State,
            c.Upstream,
            c.Error ?? string.Empty);
    }
}
