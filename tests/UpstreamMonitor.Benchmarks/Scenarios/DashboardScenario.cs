using System.Reflection;
using System.Text.Json;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Reporting;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 8: the dashboard engineer's render scenario (Dashboard/DashboardRenderScenario), reported here.</summary>
internal sealed class DashboardScenario : IBenchmarkScenario
{
    private const string ScenarioType = "UpstreamMonitor.Benchmarks.Dashboard.DashboardRenderScenario";

    public string Name => "dashboard";

    public string Title => "8. Dashboard rendering";

    public string Measures => "The dashboard's render scenario (written with the dashboard) at N upstreams; its figures as it reports them.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);

        // Written by the dashboard's engineer; the suite runs without it when it is not in the build.
        result.Optional = true;
        var run = typeof(DashboardScenario).Assembly.GetType(ScenarioType)?.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)
            ?? throw new ComponentMissingException("the dashboard render scenario (Dashboard/DashboardRenderScenario) has not landed in this build.");
        var upstreams = context.Pick(16, 1000);
        var task = (Task)run.Invoke(null, [upstreams, context.Log, cancellationToken])!;
        await task.ConfigureAwait(false);
        var figures = task.GetType().GetProperty("Result")!.GetValue(task)!;
        var table = new ResultTable($"N = {upstreams}", "figure", "value");
        result.Tables.Add(table);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(figures, figures.GetType()));
        foreach (var property in json.RootElement.EnumerateObject())
        {
            table.Add(property.Name, property.Value.ToString());
            if (property.Value.ValueKind == JsonValueKind.Number)
            {
                result.Metrics[property.Name] = property.Value.GetDouble();
            }
        }
    }
}
