using UpstreamMonitor.Benchmarks.Driver;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Runs a child entry point and turns a "component missing" answer back into the exception the driver reports.</summary>
internal static class ChildRun
{
    public static async Task<ChildReport> RunAsync(
        ScenarioContext context,
        string child,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var json = await ChildProcessLauncher.RunAsync(child, environment, context.Log, cancellationToken).ConfigureAwait(false);
        var report = ChildReport.FromJson(json);
        return report.Missing is { } missing ? throw new ComponentMissingException(missing) : report;
    }
}
