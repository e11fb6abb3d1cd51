using System.Collections.Concurrent;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>
/// Where checkpoint sync reports an upstream whose state or block failed verification, and one whose pair verified
/// since. The polling state owner (UpstreamRegistry) implements it, so the message shows as that upstream's
/// <c>last_error</c>; called from the download task, never from the poller.
/// </summary>
internal interface ICheckpointRejectionSink
{
    void Rejected(string upstream, string message);

    void Verified(string upstream);
}

/// <summary>Keeps the latest rejection per upstream (hosts without polling, tests); one entry per upstream name.</summary>
internal sealed class DefaultCheckpointRejectionSink : ICheckpointRejectionSink
{
    private readonly ConcurrentDictionary<string, string> _lastErrors = new(StringComparer.Ordinal);

    public void Rejected(string upstream, string message) => _lastErrors[upstream] = message;

    public void Verified(string upstream) => _lastErrors.TryRemove(upstream, out _);

    public string? LastError(string upstream) => _lastErrors.TryGetValue(upstream, out var error) ? error : null;
}
