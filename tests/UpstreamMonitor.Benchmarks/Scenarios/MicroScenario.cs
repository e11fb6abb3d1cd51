using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Micro;
using UpstreamMonitor.Benchmarks.Reporting;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 7: BenchmarkDotNet on the hot paths, in process with a short job so it fits the suite's time.</summary>
internal sealed class MicroScenario : IBenchmarkScenario
{
    public string Name => "micro";

    public string Title => "7. Micro benchmarks (BenchmarkDotNet)";

    public string Measures =>
        "BenchmarkDotNet (in-process toolchain, ShortRun job: 3 warm-ups, 3 iterations; Dry in smoke mode) with the memory " +
        "diagnoser: fork-choice body parsing (allocations per body), the 228-byte state-prefix read, and snapshot publication.";

    public Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var job = (context.Smoke ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            // BenchmarkDotNet's own log is hundreds of lines a run; the figures are printed below, one line a benchmark.
            .AddLogger(NullLogger.Instance)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "um-bench-bdn"))
            .WithOptions(ConfigOptions.DisableLogFile);

        var table = new ResultTable("BenchmarkDotNet, " + (context.Smoke ? "Dry job" : "ShortRun job") + ", in process", "benchmark", "mean", "error (99.9%)", "allocated / op");
        result.Tables.Add(table);
        foreach (var type in MicroBenchmarks.Types())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var summary = BenchmarkRunner.Run(type, config);
            foreach (var report in summary.Reports)
            {
                var parameters = report.BenchmarkCase.HasParameters ? report.BenchmarkCase.Parameters.DisplayInfo : string.Empty;
                var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'') + (parameters.Length > 0 ? $" {parameters}" : string.Empty);
                if (!report.Success || report.ResultStatistics is null)
                {
                    throw new InvalidOperationException($"BenchmarkDotNet could not run '{name}'.");
                }

                var meanNs = report.ResultStatistics.Mean;
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
                table.Add(
                    name,
                    Nanoseconds(meanNs),
                    double.IsFinite(report.ResultStatistics.ConfidenceInterval.Margin) ? Nanoseconds(report.ResultStatistics.ConfidenceInterval.Margin) : "n/a",
                    FigureFormat.Bytes(allocated));
                context.Info($"   {name}: mean {Nanoseconds(meanNs)}, allocated {FigureFormat.Bytes(allocated)}");
                var key = type.Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal) + "_" + report.BenchmarkCase.Descriptor.WorkloadMethod.Name
                    + (parameters.Length > 0 ? "_" + parameters.Replace("=", string.Empty, StringComparison.Ordinal).Replace(", ", "_", StringComparison.Ordinal) : string.Empty);
                result.Metrics[$"{key}_mean_ns"] = meanNs;
                result.Metrics[$"{key}_allocated_bytes"] = allocated;
            }
        }

        return Task.CompletedTask;
    }

    private static string Nanoseconds(double ns) => ns switch
    {
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000_000:0.###} ms"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000:0.###} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns:0.#} ns"),
    };
}
