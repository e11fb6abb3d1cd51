namespace UpstreamMonitor.History;

/// <summary>
/// What the dashboard banner, the metrics and the logs need to know about the store: is it writing, how many writes
/// failed, how many snapshots were dropped, and the last problem. Thread-safe; read anywhere.
/// </summary>
public sealed class HistoryHealth
{
    private long _writeErrors;
    private long _dropped;
    private long _rowsWritten;
    private long _batchesWritten;
    private volatile string? _problem;
    private volatile bool _enabled;

    public bool Enabled => _enabled;

    /// <summary>True while the store is failing: show a banner.</summary>
    public bool Degraded => _problem is not null;

    /// <summary>The last failure, one line with no credentials; null while writing works.</summary>
    public string? Problem => _problem;

    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    public long DroppedSnapshots => Interlocked.Read(ref _dropped);

    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    public long BatchesWritten => Interlocked.Read(ref _batchesWritten);

    internal void MarkEnabled() => _enabled = true;

    /// <summary>Records a failure; returns true when it starts an outage (the one moment to log at warning).</summary>
    internal bool Failed(string problem)
    {
        Interlocked.Increment(ref _writeErrors);
        var wasHealthy = _problem is null;
        _problem = problem;
        return wasHealthy;
    }

    /// <summary>Records a success; returns true when it ends an outage.</summary>
    internal bool Succeeded(int rows)
    {
        Interlocked.Add(ref _rowsWritten, rows);
        Interlocked.Increment(ref _batchesWritten);
        var wasDegraded = _problem is not null;
        _problem = null;
        return wasDegraded;
    }

    /// <summary>Counts a dropped snapshot; returns the total so the caller can warn on the first of a run.</summary>
    internal long Dropped() => Interlocked.Increment(ref _dropped);
}
