using System.Globalization;
using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Charts;
using UpstreamMonitor.History;

namespace UpstreamMonitor.Components.Pages;

/// <summary>
/// The page at <c>/upstreams/{name}</c>: the upstream's last 24 h from history: state and error timeline, fork
/// changes, head lag and latency over time. Read once per visit, bounded by the reader's timeout.
/// </summary>
public sealed partial class UpstreamHistory : ComponentBase
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>The timeline shows the newest changes only.</summary>
    public const int TimelineLength = 100;

    private TimeSeriesChartModel? _lag;
    private TimeSeriesChartModel? _latency;
    private IReadOnlyList<UpstreamChange> _changes = [];
    private string? _problem;

    // The upstream as the latest snapshot has it (client, version, sync state); null when it is not configured now.
    private Snapshots.UpstreamStatus? _live;

    [Parameter]
    public string Name { get; set; } = string.Empty;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _live = (Services.GetService(typeof(Snapshots.IMonitorSnapshotSource)) as Snapshots.IMonitorSnapshotSource)?.Current.Upstreams
            .FirstOrDefault(u => string.Equals(u.Name, Name, StringComparison.Ordinal));
        if (Services.GetService(typeof(HistoryReader)) is not HistoryReader reader)
        {
            _problem = "History is off (Monitor:History:Path = off): nothing is recorded.";
            return;
        }

        var toMs = Time.GetUtcNow().ToUnixTimeMilliseconds();
        var fromMs = toMs - (long)Window.TotalMilliseconds;
        var range = new HistoryRange(fromMs, toMs + 1, reader.MaxPageSize);
        try
        {
            var changes = (await reader.UpstreamChangesAsync(Name, range, CancellationToken.None)).Rows;
            var latency = (await reader.LatencyAsync(Name, range, CancellationToken.None)).Rows;
            _lag = TimeSeriesChartModel.Build([.. changes.Select(c => (c.AtMs, (double?)c.HeadLag))], fromMs, toMs, step: true);
            _latency = TimeSeriesChartModel.Build([.. latency.Select(l => (l.MinuteMs, (double?)l.MedianMs))], fromMs, toMs);
            _changes = [.. changes.Where(c => c.Changed != UpstreamChangeKind.Slots).TakeLast(TimelineLength).Reverse()];
            _problem = null;
        }
        catch (HistoryUnavailableException ex)
        {
            _problem = ex.Message;
        }
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
