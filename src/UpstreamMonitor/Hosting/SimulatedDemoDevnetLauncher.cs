using UpstreamMonitor.Simulator;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Hosting;

/// <summary>
/// <c>--demo N</c>: starts the simulated devnet with its default persona mix (a few faulty nodes, a robust healthy
/// majority, one zeam-shaped body) and hands its nodes to the monitor as ordinary upstreams;
/// <c>--demo-scenario</c> adds a timed incident (<see cref="DemoScenario"/>).
/// </summary>
internal sealed class SimulatedDemoDevnetLauncher : IDemoDevnetLauncher
{
    public Task<DemoDevnetHandle> StartAsync(int nodes, TimeSpan slotDuration, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        StartAsync(nodes, slotDuration, timeProvider, scenario: null, cancellationToken);

    public async Task<DemoDevnetHandle> StartAsync(
        int nodes, TimeSpan slotDuration, TimeProvider timeProvider, string? scenario, CancellationToken cancellationToken)
    {
        var script = string.IsNullOrWhiteSpace(scenario)
            ? null
            : DemoScenario.Find(scenario) ?? throw new ArgumentException(
                $"'{scenario}' is not a demo scenario (choose {string.Join(", ", DemoScenario.Names)})", nameof(scenario));
        var devnet = await SimulatedDevnet.StartAsync(
            new SimulatedDevnetOptions
            {
                NodeCount = nodes,
                SlotDuration = slotDuration,
                TimeProvider = timeProvider,
            },
            cancellationToken);
        var upstreams = devnet.Nodes
            .Select(node => UpstreamDefinition.Create(node.Name, new Uri(SimulatedDevnet.UpstreamUrl(node))))
            .ToArray();
        return new DemoDevnetHandle(upstreams, script is null ? devnet : new ScriptedDevnet(devnet, script, timeProvider));
    }

    /// <summary>The devnet with its scenario running beside it; disposing stops the scenario, then the devnet.</summary>
    private sealed class ScriptedDevnet : IAsyncDisposable
    {
        private readonly SimulatedDevnet _devnet;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _script;

        public ScriptedDevnet(SimulatedDevnet devnet, DemoScenario scenario, TimeProvider timeProvider)
        {
            _devnet = devnet;
            _script = scenario.RunAsync(devnet, timeProvider, _stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _script;
            }
            catch (OperationCanceledException)
            {
                // The scenario was cut short by the stop: expected.
            }

            _stop.Dispose();
            await _devnet.DisposeAsync();
        }
    }
}
