using System.Text.Json;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Http.Json;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Http.Status;

/// <summary>
/// The JSON bodies of the latest snapshot, serialized once per publication and then served as cached UTF-8 bytes.
/// Only <c>stale</c> depends on the clock, so both variants of the time-dependent bodies are kept; a new serving
/// checkpoint (verified between publications) renders them again.
/// </summary>
internal sealed class SnapshotDocumentCache(IMonitorSnapshotSource source, IFinalizedStateCache checkpoints, TimeProvider timeProvider)
{
    private Rendered? _rendered;

    public IMonitorSnapshotSource Source => source;

    /// <summary>The <c>/status</c> body of the current snapshot, with <c>stale</c> as of now.</summary>
    public byte[] StatusBody()
    {
        var snapshot = source.Current;
        return For(snapshot).Status(snapshot.IsStale(timeProvider.GetUtcNow()));
    }

    /// <summary>The <c>/api/upstreams</c> body of the current snapshot.</summary>
    public byte[] UpstreamsBody() => For(source.Current).Upstreams();

    /// <summary>The <c>/api/events</c> data of <paramref name="snapshot"/>, with <c>stale</c> as of now.</summary>
    public byte[] EventBody(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return For(snapshot).Event(snapshot.IsStale(timeProvider.GetUtcNow()));
    }

    private Rendered For(MonitorSnapshot snapshot)
    {
        var rendered = Volatile.Read(ref _rendered);
        var serving = checkpoints.Serving;
        if (rendered is null || !ReferenceEquals(rendered.Snapshot, snapshot) || !ReferenceEquals(rendered.Serving, serving))
        {
            // Two racing requests may both render once; identical bytes, so either may win.
            rendered = new Rendered(snapshot, serving);
            if (ReferenceEquals(snapshot, source.Current))
            {
                Volatile.Write(ref _rendered, rendered);
            }
        }

        return rendered;
    }

    /// <summary>The bodies of one snapshot, each serialized on first use.</summary>
    private sealed class Rendered(MonitorSnapshot snapshot, ServingCheckpoint? serving)
    {
        private byte[]? _statusFresh;
        private byte[]? _statusStale;
        private byte[]? _upstreams;
        private byte[]? _eventFresh;
        private byte[]? _eventStale;

        public MonitorSnapshot Snapshot => snapshot;

        public ServingCheckpoint? Serving => serving;

        public byte[] Status(bool stale) => stale
            ? Once(ref _statusStale, () => JsonSerializer.SerializeToUtf8Bytes(ApiDocumentMapper.ToStatus(snapshot, true, serving), HttpJsonContext.Default.StatusResponse))
            : Once(ref _statusFresh, () => JsonSerializer.SerializeToUtf8Bytes(ApiDocumentMapper.ToStatus(snapshot, false, serving), HttpJsonContext.Default.StatusResponse));

        public byte[] Upstreams() =>
            Once(ref _upstreams, () => JsonSerializer.SerializeToUtf8Bytes(ApiDocumentMapper.ToUpstreams(snapshot, serving), HttpJsonContext.Default.UpstreamsResponse));

        public byte[] Event(bool stale) => stale
            ? Once(ref _eventStale, () => JsonSerializer.SerializeToUtf8Bytes(ApiDocumentMapper.ToEvent(snapshot, true, serving), HttpJsonContext.Default.RoundEventResponse))
            : Once(ref _eventFresh, () => JsonSerializer.SerializeToUtf8Bytes(ApiDocumentMapper.ToEvent(snapshot, false, serving), HttpJsonContext.Default.RoundEventResponse));

        private static byte[] Once(ref byte[]? slot, Func<byte[]> render)
        {
            var existing = Volatile.Read(ref slot);
            if (existing is not null)
            {
                return existing;
            }

            var fresh = render();
            return Interlocked.CompareExchange(ref slot, fresh, null) ?? fresh;
        }
    }
}
