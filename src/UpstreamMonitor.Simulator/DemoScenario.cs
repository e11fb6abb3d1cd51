namespace UpstreamMonitor.Simulator;

/// <summary>
/// A timed incident on a running devnet (<c>--demo-scenario</c>): after a short warm-up the fault starts, holds long
/// enough for the monitor to alert on it, then ends so the alert resolves too.
/// </summary>
public sealed class DemoScenario
{
    public const string FinalityStall = "finality-stall";
    public const string Fork = "fork";
    public const string NodeDown = "node-down";

    /// <summary>Slots of normal operation first, so the monitor has a healthy baseline before the incident.</summary>
    public const int WarmUpSlots = 3;

    /// <summary>How long the fault holds, in slots: longer than the demo's finality-stall threshold (8 slots) plus a few rounds.</summary>
    public const int FaultSlots = 24;

    private DemoScenario(string name) => Name = name;

    /// <summary>Every scenario name, as <c>--help</c> and the configuration error list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [FinalityStall, Fork, NodeDown];

    public string Name { get; }

    /// <summary>The scenario called <paramref name="name"/> (case-insensitive), or null for an unknown name.</summary>
    public static DemoScenario? Find(string? name) =>
        Names.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known
            ? new DemoScenario(known)
            : null;

    /// <summary>Runs the timeline on the devnet's clock: warm-up, fault, recovery. Returns once the fault has ended.</summary>
    public async Task RunAsync(SimulatedDevnet devnet, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devnet);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var slot = devnet.Chain.SlotDuration;
        await Task.Delay(slot * WarmUpSlots, timeProvider, cancellationToken);
        var recover = Start(devnet);
        try
        {
            await Task.Delay(slot * FaultSlots, timeProvider, cancellationToken);
        }
        finally
        {
            recover();
        }
    }

    /// <summary>Starts the fault now; the returned action ends it.</summary>
    public Action Start(SimulatedDevnet devnet)
    {
        ArgumentNullException.ThrowIfNull(devnet);
        switch (Name)
        {
            case FinalityStall:
                devnet.Chain.StallFinalization();
                return devnet.Chain.Resume;
            case Fork:
                return SwitchPersona(devnet, Persona.MinorityFork);
            default:
                return SwitchPersona(devnet, Persona.Failing);
        }
    }

    public override string ToString() => Name;

    /// <summary>The last healthy node takes <paramref name="persona"/>; the faulty nodes of the mix keep theirs.</summary>
    private static Action SwitchPersona(SimulatedDevnet devnet, Persona persona)
    {
        var node = devnet.Nodes.LastOrDefault(n => n.Persona == Persona.Healthy)
                   ?? throw new InvalidOperationException("The devnet has no healthy node to turn faulty.");
        var before = node.Persona;
        devnet.SetPersona(node.Name, persona);
        return () => devnet.SetPersona(node.Name, before);
    }
}
