using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Soak;

/// <summary>
/// Re-deals every simulated node's persona: mostly healthy, the rest hung, failing (500) or on a minority fork, so
/// each flap exercises recovery, new failures, abandoned jobs and fork bookkeeping at once. Deterministic per seed.
/// </summary>
internal sealed class PersonaDealer(SimulatedDevnet devnet, int seed)
{
    /// <summary>Share of each persona per deal; healthy stays a clear majority so consensus mostly holds.</summary>
    private static readonly (Persona Persona, double Weight)[] Mix =
    [
        (Persona.Healthy, 0.65),
        (Persona.Hung, 0.12),
        (Persona.Failing, 0.13),
        (Persona.MinorityFork, 0.10),
    ];

    private readonly Random _random = new(seed);

    public int Deals { get; private set; }

    public IReadOnlyDictionary<Persona, int> Deal()
    {
        var counts = Mix.ToDictionary(m => m.Persona, _ => 0);
        foreach (var node in devnet.Nodes)
        {
#pragma warning disable CA5394 // Not security: a reproducible persona shuffle.
            var roll = _random.NextDouble();
#pragma warning restore CA5394
            var persona = Mix[^1].Persona;
            foreach (var (candidate, weight) in Mix)
            {
                if (roll < weight)
                {
                    persona = candidate;
                    break;
                }

                roll -= weight;
            }

            devnet.SetPersona(node.Index, persona);
            counts[persona]++;
        }

        Deals++;
        return counts;
    }
}
