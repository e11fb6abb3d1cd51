using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// Starts the built-in simulated devnet behind <c>--demo</c>. An interface so the process entry point does not depend on
/// the simulator directly and tests can substitute a cheaper one.
/// </summary>
internal interface IDemoDevnetLauncher
{
    /// <param name="nodes">How many simulated nodes (the <c>--demo N</c> value).</param>
    /// <param name="slotDuration">Time per slot on the devnet's shared clock.</param>
    /// <param name="timeProvider">The clock the devnet's slots follow.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    Task<DemoDevnetHandle> StartAsync(int nodes, TimeSpan slotDuration, TimeProvider timeProvider, CancellationToken cancellationToken);
}

/// <summary>A running demo devnet: the upstreams to poll, and the devnet itself, stopped on dispose.</summary>
internal sealed class DemoDevnetHandle(IReadOnlyList<UpstreamDefinition> upstreams, IAsyncDisposable devnet) : IAsyncDisposable
{
    public IReadOnlyList<UpstreamDefinition> Upstreams { get; } = upstreams;

    public ValueTask DisposeAsync() => devnet.DisposeAsync();
}
