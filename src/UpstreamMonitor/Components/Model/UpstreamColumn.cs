using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Model;

/// <summary>The key of an upstream-table column: what the sort state names. The columns themselves are <see cref="UpstreamColumnDefinition"/>s.</summary>
internal enum UpstreamColumn
{
    Name,
    Client,
    Status,
    Head,
    Lag,
    Justified,
    Finalized,
    Latency,
    Aggregator,
    Errors,
    LastError,
    LastSuccess,
    Uptime,
}

/// <summary>The status filter's choices.</summary>
internal enum UpstreamStatusFilter
{
    All,
    Failing,
    Healthy,
    Error,
    Timeout,
    Skipped,
    InFlight,
    Pending,
    Behind,
    OffConsensus,
}

/// <summary>What a cell renders from: the row and the table's context.</summary>
/// <param name="Row">The upstream.</param>
/// <param name="Consensus">The round's consensus.</param>
/// <param name="Now">The dashboard's clock.</param>
/// <param name="Uptime">The row's last 24 h from history; null when history is off or has nothing for it.</param>
internal readonly record struct UpstreamCell(UpstreamStatus Row, ConsensusView Consensus, DateTimeOffset Now, History.UpstreamUptime? Uptime = null);

/// <summary>Orders two rows by one column; <c>descending</c> is passed in because unknown values sort last both ways.</summary>
internal delegate int UpstreamOrder(UpstreamStatus a, UpstreamStatus b, bool descending);

/// <summary>
/// One column of the upstream table: its header, its <c>&lt;col&gt;</c> class, its cell and its order. The table
/// renders header, cells and the empty row's colspan from the one list of these.
/// </summary>
/// <param name="Key">The sort key.</param>
/// <param name="Label">Header text.</param>
/// <param name="HeaderCss">Class of the <c>th</c>: <c>left</c> or <c>num</c>.</param>
/// <param name="ColCss">Class of the <c>col</c> (width).</param>
/// <param name="Order">How the column sorts; null for a column that does not (its header is plain text).</param>
/// <param name="Cell">The row's cell (a <c>td</c>, or the row header <c>th</c>).</param>
internal sealed record UpstreamColumnDefinition(
    UpstreamColumn Key,
    string Label,
    string HeaderCss,
    string ColCss,
    UpstreamOrder? Order,
    RenderFragment<UpstreamCell> Cell);
