namespace UpstreamMonitor.Benchmarks.Reporting;

/// <summary>One run of the suite: when, on what commit and machine, and every scenario's result.</summary>
internal sealed record BenchmarkReport(
    DateTimeOffset Date,
    string Commit,
    MachineInfo Machine,
    bool Smoke,
    TimeSpan Elapsed,
    IReadOnlyList<ScenarioResult> Scenarios)
{
    /// <summary>1/5/15-minute load averages at the start and end of the run: how busy the machine was besides the suite.</summary>
    public string LoadAverage { get; init; } = string.Empty;

    /// <summary>The run this one is compared with (the benchmarks.json it replaces), when there is one.</summary>
    public PreviousRun? Previous { get; init; }

    public IEnumerable<TargetCheck> AllTargets => Scenarios.SelectMany(s => s.Targets);

    public bool AnyFailed => Scenarios.Any(s => s.Outcome == ScenarioOutcome.Failed);
}
