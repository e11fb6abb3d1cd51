using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>
/// One row per upstream. Sorting, filtering and pinning are re-applied only when the snapshot's rows or the query
/// change; Virtualize renders only the rows in view, so a thousand upstreams cost a screenful of DOM.
/// </summary>
public sealed partial class UpstreamTable : ComponentBase
{
    /// <summary>Rows are one line high (long errors are cut and expand on demand), so Virtualize can size them.</summary>
    public const float RowHeightPx = 34;

    public const int ErrorPreviewLength = UpstreamTableColumns.ErrorPreviewLength;

    private static IReadOnlyList<UpstreamColumnDefinition> Columns => UpstreamTableColumns.All;

    private static readonly (UpstreamStatusFilter Filter, string Label)[] StatusFilters =
    [
        (UpstreamStatusFilter.All, "All"),
        (UpstreamStatusFilter.Failing, "Failing"),
        (UpstreamStatusFilter.Healthy, "Healthy"),
        (UpstreamStatusFilter.Error, "Error"),
        (UpstreamStatusFilter.Timeout, "Timeout"),
        (UpstreamStatusFilter.Skipped, "Skipped"),
        (UpstreamStatusFilter.InFlight, "In flight"),
        (UpstreamStatusFilter.Pending, "Pending"),
        (UpstreamStatusFilter.Behind, $"Behind (≥ {UpstreamPresentation.BehindFromSlots} slots)"),
        (UpstreamStatusFilter.OffConsensus, "Off consensus (fork)"),
    ];

    private UpstreamTableQuery _query = new();
    private List<UpstreamStatus> _rows = [];
    private IReadOnlyList<UpstreamStatus>? _appliedTo;
    private ConsensusView? _appliedConsensus;

    [Parameter, EditorRequired]
    public IReadOnlyList<UpstreamStatus> Upstreams { get; set; } = [];

    [Parameter, EditorRequired]
    public ConsensusView Consensus { get; set; } = default!;

    /// <summary>The dashboard's ticking clock for "last success … ago".</summary>
    [Parameter]
    public DateTimeOffset Now { get; set; }

    /// <summary>
    /// Render the first <see cref="StaticRowLimit"/> rows as plain markup instead of virtualizing: the server prerender,
    /// so a page without scripts (or before the circuit connects) already shows the upstreams.
    /// </summary>
    [Parameter]
    public bool StaticRows { get; set; }

    /// <summary>More than a tall screenful; the rest arrive with the circuit.</summary>
    public const int StaticRowLimit = 60;

    /// <summary>The last 24 h of every upstream from history (refreshed once a minute); null when history is off.</summary>
    [Parameter]
    public UpstreamMonitor.History.UptimeStrips? Uptime { get; set; }

    /// <summary>No round has finished yet.</summary>
    [Parameter]
    public bool IsLoading { get; set; }

    /// <summary>The query in effect (for tests and for restoring it).</summary>
    internal UpstreamTableQuery Query => _query;

    protected override void OnParametersSet()
    {
        // The clock ticks every second; re-sorting is only needed when the rows themselves changed.
        if (!ReferenceEquals(_appliedTo, Upstreams) || !ReferenceEquals(_appliedConsensus, Consensus))
        {
            Refresh();
        }
    }

    private void Refresh()
    {
        _rows = _query.Apply(Upstreams);
        _appliedTo = Upstreams;
        _appliedConsensus = Consensus;
    }

    private void SetQuery(UpstreamTableQuery query)
    {
        _query = query;
        Refresh();
    }

    // Bound with @bind so the browser's input stays the source of truth while the operator types.
    private string FilterText { get; set; } = string.Empty;

    private UpstreamStatusFilter StatusFilter { get; set; } = UpstreamStatusFilter.All;

    private bool PinFailing { get; set; }

    private void ApplyQuery() => SetQuery(_query with { Text = FilterText, Status = StatusFilter, PinFailing = PinFailing });

    /// <summary>First click sorts ascending, the second descending, the third returns to the configured order.</summary>
    private void SortBy(UpstreamColumn column) => SetQuery(_query.SortBy != column
        ? _query with { SortBy = column, Descending = false }
        : !_query.Descending ? _query with { Descending = true }
        : _query with { SortBy = null, Descending = false });

    private string AriaSort(UpstreamColumn column) =>
        _query.SortBy != column ? "none" : _query.Descending ? "descending" : "ascending";

    private string SortMark(UpstreamColumn column) =>
        _query.SortBy != column ? string.Empty : _query.Descending ? " ▼" : " ▲";

    private string EmptyText =>
        IsLoading ? "Waiting for the first poll round…"
        : Upstreams.Count == 0 ? "No upstreams are configured."
        : "No upstream matches the filter.";

    private static string RowCss(UpstreamStatus row) => UpstreamPresentation.IsFailing(row) ? "row failing" : "row";
}
