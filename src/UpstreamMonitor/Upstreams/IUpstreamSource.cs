namespace UpstreamMonitor.Upstreams;

/// <summary>
/// Where the upstream list comes from. The poller asks at the start of every round, so a source backed by a
/// file can pick up edits without a restart; an invalid edit keeps the previous set (and is logged by the source).
/// </summary>
public interface IUpstreamSource
{
    /// <summary>The list to poll this round.</summary>
    ValueTask<UpstreamSet> GetCurrentAsync(CancellationToken cancellationToken);
}

/// <summary>An immutable, validated upstream list and where it came from (for logs and <c>--check-config</c>).</summary>
public sealed record UpstreamSet(IReadOnlyList<UpstreamDefinition> Upstreams, string Origin)
{
    /// <summary>No upstreams yet.</summary>
    public static UpstreamSet Empty { get; } = new([], "none");

    /// <summary>How many upstreams.</summary>
    public int Count => Upstreams.Count;
}
