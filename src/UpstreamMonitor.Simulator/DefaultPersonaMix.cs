namespace UpstreamMonitor.Simulator;

/// <summary>
/// The default persona placement: a few faulty nodes, never more than a third, so a robust healthy majority agrees;
/// one healthy node serves the zeam body shape. Placement is a seeded shuffle, so it is the same for the same seed.
/// </summary>
public static class DefaultPersonaMix
{
    /// <summary>Faulty personas in the order they are added as the devnet grows.</summary>
    public static readonly IReadOnlyList<Persona> FaultyOrder =
        [Persona.Hung, Persona.Booting, Persona.MinorityFork, Persona.Laggard, Persona.Flaky];

    /// <summary>How many faulty nodes a devnet of <paramref name="nodeCount"/> gets: min(5, floor((N − 1) / 3)).</summary>
    public static int FaultyCount(int nodeCount) => Math.Clamp((nodeCount - 1) / 3, 0, FaultyOrder.Count);

    /// <summary>The persona of every node index. Node 0 (<c>zeam_0</c>) serves the zeam shape; faults go elsewhere.</summary>
    public static Persona[] Assign(int nodeCount, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        var personas = new Persona[nodeCount];
        personas[0] = Persona.ZeamShape;

        var candidates = Enumerable.Range(1, nodeCount - 1).ToArray();
        // A seeded shuffle, not Random.Shared: the same seed must place faults on the same nodes.
#pragma warning disable CA5394 // Not security relevant: a reproducible layout is the point.
        new Random(unchecked((int)seed ^ (int)(seed >> 32))).Shuffle(candidates);
#pragma warning restore CA5394
        var faulty = FaultyCount(nodeCount);
        for (var i = 0; i < faulty; i++)
        {
            personas[candidates[i]] = FaultyOrder[i];
        }

        return personas;
    }
}
