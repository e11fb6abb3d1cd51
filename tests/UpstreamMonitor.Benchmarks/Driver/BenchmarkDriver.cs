using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Scenarios;

namespace UpstreamMonitor.Benchmarks.Driver;

/// <summary>Runs the selected scenarios one after another, isolates their failures and writes the report.</summary>
internal static class BenchmarkDriver
{
    /// <summary>A scenario that runs longer than this is cancelled and reported as failed, so the suite always ends.</summary>
    private static readonly TimeSpan FullScenarioLimit = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan SmokeScenarioLimit = TimeSpan.FromSeconds(90);

    public static IReadOnlyList<IBenchmarkScenario> AllScenarios() =>
    [
        new RoundOverheadScenario(),
        new StrategiesScenario(),
        new HungPeersScenario(),
        new TransferScenario(),
        new SteadyStateScenario(),
        new ApiLoadScenario(),
        new ApiLatencyScenario(),
        new MicroScenario(),
        new DashboardScenario(),
        new NodeCostScenario(),
        new History.HistoryScenario(),
        new ScaleScenario(),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        DriverOptions options;
        try
        {
            options = DriverOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
            await stderr.WriteLineAsync(DriverOptions.Usage).ConfigureAwait(false);
            return 2;
        }

        if (options.Help)
        {
            await stdout.WriteLineAsync(DriverOptions.Usage).ConfigureAwait(false);
            return 0;
        }

        var all = AllScenarios();
        if (options.List)
        {
            foreach (var scenario in all)
            {
                await stdout.WriteLineAsync($"{scenario.Name,-16} {scenario.Title}: {scenario.Measures}").ConfigureAwait(false);
            }

            return 0;
        }

        if (options.Child is { } child)
        {
            return await ChildEntryPoints.RunAsync(child, stdout, cancellationToken).ConfigureAwait(false);
        }

        var unknown = options.Scenarios.Where(n => all.All(s => s.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            await stderr.WriteLineAsync($"Unknown scenario(s): {string.Join(", ", unknown)}. Use --list.").ConfigureAwait(false);
            return 2;
        }

        // Read before the run, so a bad --previous fails in a second and not after twenty minutes.
        PreviousRun? previous;
        try
        {
            previous = await ReadPreviousAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"--previous {options.PreviousReport}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        var selected = options.Scenarios.Count == 0 ? all : all.Where(s => options.Scenarios.Contains(s.Name)).ToList();
        var time = TimeProvider.System;
        var context = new ScenarioContext(options.Smoke, time, stdout);
        var date = time.GetUtcNow();
        var started = time.GetTimestamp();
        var loadAtStart = MachineInfo.LoadAverage();
        var results = new List<ScenarioResult>();
        foreach (var scenario in selected)
        {
            results.Add(await RunOneAsync(scenario, context, cancellationToken).ConfigureAwait(false));
        }

        var report = new BenchmarkReport(
            date,
            await GitRevision.DescribeAsync(cancellationToken).ConfigureAwait(false),
            MachineInfo.Capture(),
            options.Smoke,
            time.GetElapsedTime(started),
            results)
        {
            LoadAverage = $"start {loadAtStart}; end {MachineInfo.LoadAverage()}",
            Previous = previous,
        };

        if (options.OutputDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "benchmarks.md"), MarkdownReportWriter.Render(report), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(dir, "benchmarks.json"), JsonReportWriter.Render(report), cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"Wrote {Path.Combine(dir, "benchmarks.md")} and benchmarks.json").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync().ConfigureAwait(false);
        foreach (var result in results)
        {
            await stdout.WriteLineAsync($"{result.Name,-16} {result.Outcome,-7} {FigureFormat.Ms(result.Elapsed),10}  {string.Join(" ", result.Notes.Take(1))}").ConfigureAwait(false);
            foreach (var target in result.Targets)
            {
                await stdout.WriteLineAsync($"    {FigureFormat.MetOrMissed(target.Met),-6} {target.Name}: {target.Measured} (goal {target.Target})").ConfigureAwait(false);
            }
        }

        // A scenario that failed to run fails the suite, and in smoke mode (CI) so does one that could not run at all;
        // a missed target does not: it is a finding, reported in the table.
        var notRun = results.Any(r => r.Outcome == ScenarioOutcome.NotRun && !r.Optional);
        return report.AnyFailed || (options.Smoke && notRun) ? 1 : 0;
    }

    private static async Task<ScenarioResult> RunOneAsync(IBenchmarkScenario scenario, ScenarioContext context, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult(scenario.Name, scenario.Title, scenario.Measures);
        context.Info($"== {scenario.Name}: {scenario.Title}");
        var started = context.Time.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var allowed = context.Smoke ? SmokeScenarioLimit : scenario.FullRunLimit ?? FullScenarioLimit;
        limit.CancelAfter(allowed);
        try
        {
            await scenario.RunAsync(context, result, limit.Token).ConfigureAwait(false);
        }
        catch (ComponentMissingException ex)
        {
            result.Outcome = ScenarioOutcome.NotRun;
            result.Notes.Insert(0, $"Not run: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result.Outcome = ScenarioOutcome.Failed;
            result.Notes.Insert(0, $"Failed: did not finish within {allowed.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            result.Outcome = ScenarioOutcome.Failed;
            result.Notes.Insert(0, $"Failed: {ex.GetType().Name}: {ex.Message}");
            await context.Log.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
        }

        result.Elapsed = context.Time.GetElapsedTime(started);
        context.Info($"   {scenario.Name}: {result.Outcome} in {FigureFormat.Ms(result.Elapsed)}");
        return result;
    }

    /// <summary>
    /// The run to compare with: --previous when given (it must be readable), else the benchmarks.json the output
    /// folder already holds (a missing or unreadable one there just means nothing to compare with).
    /// </summary>
    private static async Task<PreviousRun?> ReadPreviousAsync(DriverOptions options, CancellationToken cancellationToken)
    {
        if (options.PreviousReport is { } explicitPath)
        {
            return PreviousRun.Parse(await File.ReadAllTextAsync(explicitPath, cancellationToken).ConfigureAwait(false));
        }

        if (options.OutputDirectory is not { } dir || !File.Exists(Path.Combine(dir, "benchmarks.json")))
        {
            return null;
        }

        try
        {
            return PreviousRun.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "benchmarks.json"), cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
