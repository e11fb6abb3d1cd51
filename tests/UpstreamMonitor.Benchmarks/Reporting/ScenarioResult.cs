namespace UpstreamMonitor.Benchmarks.Reporting;

/// <summary>Whether a scenario produced figures.</summary>
internal enum ScenarioOutcome
{
    /// <summary>It ran to the end; its figures are in the report.</summary>
    Ran,

    /// <summary>It threw or timed out; the note says why. The smoke run exits non-zero.</summary>
    Failed,

    /// <summary>Deliberately not run (a component not landed, not selected); the note says why.</summary>
    NotRun,
}

/// <summary>One target of the issue, judged against what this run measured.</summary>
/// <param name="Name">What is measured, e.g. "round time at N=1000, C=64".</param>
/// <param name="Target">The goal as written, e.g. "≤ 1.05 × ideal".</param>
/// <param name="Measured">The figure this run produced.</param>
/// <param name="Met">Whether the figure meets the goal.</param>
/// <param name="Limit">When missed: what was found to limit it.</param>
internal sealed record TargetCheck(string Name, string Target, string Measured, bool Met, string? Limit = null);

/// <summary>A table of figures, rendered as a Markdown table and a JSON array of rows.</summary>
internal sealed class ResultTable(string title, params string[] columns)
{
    public string Title { get; } = title;

    public IReadOnlyList<string> Columns { get; } = columns;

    public List<IReadOnlyList<string>> Rows { get; } = [];

    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"Table '{Title}' has {Columns.Count} columns, the row has {cells.Length}.", nameof(cells));
        }

        Rows.Add(cells);
    }
}

/// <summary>Everything one scenario reports: tables for people, metrics (name → number) for machines, targets.</summary>
internal sealed class ScenarioResult(string name, string title, string measures)
{
    public string Name { get; } = name;

    public string Title { get; } = title;

    /// <summary>One or two sentences: what the scenario does and why.</summary>
    public string Measures { get; } = measures;

    public ScenarioOutcome Outcome { get; set; } = ScenarioOutcome.Ran;

    /// <summary>A scenario whose component may be absent from a build without failing the smoke run.</summary>
    public bool Optional { get; set; }

    public TimeSpan Elapsed { get; set; }

    public List<string> Notes { get; } = [];

    public List<ResultTable> Tables { get; } = [];

    public List<TargetCheck> Targets { get; } = [];

    /// <summary>Raw figures in base units (ms, bytes, counts, ratios) for the JSON report.</summary>
    public SortedDictionary<string, double> Metrics { get; } = new(StringComparer.Ordinal);

    public static ScenarioResult NotRun(string name, string title, string measures, string why)
    {
        var result = new ScenarioResult(name, title, measures) { Outcome = ScenarioOutcome.NotRun };
        result.Notes.Add(why);
        return result;
    }
}
