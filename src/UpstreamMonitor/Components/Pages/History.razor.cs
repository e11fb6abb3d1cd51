using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Components.Charts;
using UpstreamMonitor.History;

namespace UpstreamMonitor.Components.Pages;

/// <summary>
/// The page at <c>/history</c>: the finality chart over the chosen range and the latest chain events, read from
/// history once per visit (bounded by the reader's timeout), never per snapshot.
/// </summary>
public sealed partial class History : ComponentBase
{
    /// <summary>The timeline shows the newest events only; older ones are one API call away.</summary>
    public const int TimelineLength = 50;

    private (string Name, TimeSpan Span) _range = HistoryRanges.Parse(null);
    private FinalityChartModel? _chart;
    private IReadOnlyList<ChainEvent> _events = [];
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
            var events = await reader.EventsAsync(ChainEventKinds.Finalized, new HistoryRange(fromMs, toMs + 1, reader.MaxPageSize), CancellationToken.None);
            _events = [.. events.Rows.TakeLast(TimelineLength).Reverse()];
            _problem = null;
        }
        catch (HistoryUnavailableException ex)
        {
            _problem = ex.Message;
        }
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
