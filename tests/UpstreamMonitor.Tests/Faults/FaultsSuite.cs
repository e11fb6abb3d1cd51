namespace UpstreamMonitor.Tests.Faults;

/// <summary>
/// Tests that run real timeouts on real sockets or whole processes. They run on their own, after the parallel part of
/// the suite, so CPU contention from other tests cannot turn a prompt loopback answer into a timeout.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsSuite
{
    public const string Name = "Faults (real sockets, real time)";
}
