using System.Collections.Concurrent;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>
/// Where checkpoint sync reports an upstream whose state or block failed verification. The seam the lead wires into
/// the polling state owner (UpstreamRegistry) so the message shows as that upstream's <c>last_error</c>.
/// </summary>
public interface ICheckpointRejectionSink
{
    void Rejected(string upstream, string message);
}

/// <summary>Keeps the latest rejection per upstream until it is wired into the registry; one entry per upstream name.</summary>
public sealed class DefaultCheckpointRejectionSink : ICheckpointRejectionSink
{
    private readonly ConcurrentDictionary<string, string> _lastErrors = new(StringComparer.Ordinal);

    public void Rejected(string upstream, string message) => _lastErrors[upstream] = message;

    public string? LastError(string upstream) => _lastErrors.TryGetValue(upstream, out var error) ? error : null;
}
