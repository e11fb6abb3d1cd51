namespace UpstreamMonitor.Components.Controls;

/// <summary>The sortable columns of the upstream table, in display order.</summary>
public enum UpstreamColumn
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
}

/// <summary>The status filter's choices.</summary>
public enum UpstreamStatusFilter
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
