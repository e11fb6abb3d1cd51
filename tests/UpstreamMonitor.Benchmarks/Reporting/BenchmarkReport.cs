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
    public IEnumerable<TargetCheck> AllTargets => Scenarios.SelectMany(s => s.Targets);

    public bool AnyFailed => Scenarios.Any(s => s.Outcome == ScenarioOutcome.Failed);
}
