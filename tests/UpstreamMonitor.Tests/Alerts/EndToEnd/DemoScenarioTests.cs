using UpstreamMonitor.Hosting;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Tests.Hosting;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Alerts.EndToEnd;

/// <summary><c>--demo-scenario</c>: its configuration through the entry point, and the timed script on a fake clock.</summary>
public sealed class DemoScenarioTests
{
    [Fact]
    public async Task An_unknown_scenario_is_a_configuration_error_naming_the_value_and_the_choices()
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--check-config", "--demo", "--demo-scenario", "meteor"]);

        Assert.Equal(MonitorProgram.ExitInvalidConfiguration, result.ExitCode);
        Assert.Contains("'meteor' is not a demo scenario (choose finality-stall, fork, node-down)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_without_demo_is_a_configuration_error()
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--check-config", "--lean-url", "http://127.0.0.1:1", "--demo-scenario", "fork"]);

        Assert.Equal(MonitorProgram.ExitInvalidConfiguration, result.ExitCode);
        Assert.Contains("'fork' runs on the demo devnet only: add --demo", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scenario_is_read_from_LEANPOINT_DEMO_SCENARIO_and_shown_by_check_config()
    {
        using var harness = new ProgramHarness();
        harness.Variables["LEANPOINT_DEMO_SCENARIO"] = "finality-stall";

        var result = await harness.RunAsync(["--check-config", "--demo"], new SimulatedDemoDevnetLauncher());

        Assert.True(result.ExitCode == MonitorProgram.ExitOk, result.ToString());
        Assert.Equal(("finality-stall", "env LEANPOINT_DEMO_SCENARIO"), result.Setting("demo-scenario"));
    }

    [Fact]
    public async Task A_scenario_starts_its_fault_only_after_the_warm_up_and_ends_it_after_the_fault_slots()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestSnapshots.Start);
        await using var devnet = await SimulatedDevnet.StartAsync(
            new SimulatedDevnetOptions { NodeCount = 3, UseDefaultPersonaMix = false, TimeProvider = time }, CancellationToken.None);
        var scenario = DemoScenario.Find("NODE-DOWN")!;

        var running = scenario.RunAsync(devnet, time, CancellationToken.None);
        time.Advance(devnet.Chain.SlotDuration * (DemoScenario.WarmUpSlots - 1));
        Assert.All(devnet.Nodes, n => Assert.Equal(Persona.Healthy, n.Persona));
        time.Advance(devnet.Chain.SlotDuration);
        await Eventually.TrueAsync(() => devnet.Nodes[^1].Persona == Persona.Failing, "the last healthy node to fail");
        time.Advance(devnet.Chain.SlotDuration * (DemoScenario.FaultSlots - 1));
        Assert.Equal(Persona.Failing, devnet.Nodes[^1].Persona);

        // The fault's delay is registered by a continuation: step the clock until the script has finished.
        await Eventually.TrueAsync(
            () =>
            {
                if (!running.IsCompleted)
                {
                    time.Advance(devnet.Chain.SlotDuration);
                }

                return running.IsCompleted;
            },
            "the scenario to end its fault");
        await running;
        Assert.All(devnet.Nodes, n => Assert.Equal(Persona.Healthy, n.Persona));
        Assert.Null(DemoScenario.Find("meteor"));
    }
}
