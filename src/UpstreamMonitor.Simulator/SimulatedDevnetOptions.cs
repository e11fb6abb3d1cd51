namespace UpstreamMonitor.Simulator;

/// <summary>Shape of a simulated devnet. Every node binds 127.0.0.1 on an ephemeral port; nothing else is reachable.</summary>
public sealed class SimulatedDevnetOptions
{
    /// <summary>Most nodes one devnet accepts: each is a listening socket, and benchmarks need 1,000.</summary>
    public const int MaxNodeCount = 5_000;

    /// <summary>Size of the fixed part of an SSZ <c>State</c>; a state cannot be smaller.</summary>
    public const int StatePrefixLength = 228;

    /// <summary>Number of nodes (default 8, like <c>--demo</c>).</summary>
    public int NodeCount { get; set; } = 8;

    /// <summary>Seed for the persona placement, the aggregator subset and every root.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>Time per slot on the shared clock (default 4 s; tests use e.g. 250 ms with a fake clock).</summary>
    public TimeSpan SlotDuration { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>The head slot at start: a running devnet, not a fresh genesis (finalized starts at 36).</summary>
    public long StartSlot { get; set; } = 40;

    /// <summary>Size in bytes of every served finalized state (default 1 MiB; benchmarks use 16 MiB).</summary>
    public long StateSizeBytes { get; set; } = 1L << 20;

    /// <summary>Delay before every response (benchmarks: 100 ms). Runs on the system clock; see decision 0301.</summary>
    public TimeSpan ResponseLatency { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Delay before the optional node routes (identity, version, syncing, genesis); null: <see cref="ResponseLatency"/>.
    /// The round-overhead benchmark sets zero so the monitor's first-answer reads (decision 0904) stay out of its L.
    /// </summary>
    public TimeSpan? NodeInfoLatency { get; set; }

    /// <summary>Extra delay for <see cref="Persona.Slow"/> nodes.</summary>
    public TimeSpan SlowLatency { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many slots a <see cref="Persona.Laggard"/> trails the devnet.</summary>
    public int LaggardLagSlots { get; set; } = 3;

    /// <summary>
    /// After sending a state's 228-byte prefix, wait this long (or until the caller hangs up) before streaming the rest,
    /// so server-side byte counts show what a prefix reader asked for rather than what kernel buffers absorbed.
    /// Zero streams at once. See decision 0302.
    /// </summary>
    public TimeSpan StatePrefixHold { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary><c>validator_count</c> in fork choice; default one per node.</summary>
    public int? ValidatorCount { get; set; }

    /// <summary>The clock slots follow: slot = <see cref="StartSlot"/> + elapsed / <see cref="SlotDuration"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Explicit personas by node index; nodes past the end are <see cref="Persona.Healthy"/>. Overrides the default mix.</summary>
    public IReadOnlyList<Persona>? PersonaLayout { get; set; }

    /// <summary>When no layout is given: true assigns <see cref="DefaultPersonaMix"/>, false makes every node healthy.</summary>
    public bool UseDefaultPersonaMix { get; set; } = true;

    /// <summary>
    /// True: every node's fork choice carries an <c>ETag</c> (a hash of the body) and a matching <c>If-None-Match</c>
    /// gets <c>304 Not Modified</c>. Off by default: no lean client is known to send one yet. Switchable per node at
    /// runtime (<see cref="SimulatedDevnet.SetForkChoiceETag(string, bool)"/>).
    /// </summary>
    public bool ForkChoiceETags { get; set; }

    /// <summary>Every problem with these options, as messages naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (NodeCount is < 1 or > MaxNodeCount)
        {
            errors.Add($"NodeCount must be between 1 and {MaxNodeCount} (was {NodeCount}).");
        }

        if (SlotDuration < TimeSpan.FromMilliseconds(1))
        {
            errors.Add($"SlotDuration must be at least 1 ms (was {SlotDuration}).");
        }

        if (StartSlot is < 0 or > (1L << 40))
        {
            errors.Add($"StartSlot must be between 0 and 2^40 (was {StartSlot}).");
        }

        if (StateSizeBytes is < StatePrefixLength or > (1L << 32))
        {
            errors.Add($"StateSizeBytes must be between {StatePrefixLength} and 4 GiB (was {StateSizeBytes}).");
        }

        if (ResponseLatency < TimeSpan.Zero || SlowLatency < TimeSpan.Zero || StatePrefixHold < TimeSpan.Zero || NodeInfoLatency < TimeSpan.Zero)
        {
            errors.Add("ResponseLatency, NodeInfoLatency, SlowLatency and StatePrefixHold must not be negative.");
        }

        if (LaggardLagSlots < 1)
        {
            errors.Add($"LaggardLagSlots must be at least 1 (was {LaggardLagSlots}).");
        }

        if (ValidatorCount is < 1)
        {
            errors.Add($"ValidatorCount must be at least 1 when set (was {ValidatorCount}).");
        }

        if (PersonaLayout is { } layout && layout.Count > NodeCount)
        {
            errors.Add($"PersonaLayout has {layout.Count} entries for {NodeCount} nodes.");
        }

        return errors;
    }
}
