using UpstreamMonitor.Benchmarks.Reporting;

namespace UpstreamMonitor.Benchmarks.Driver;

/// <summary>One scenario of the suite. It fills <see cref="ScenarioResult"/> with tables, metrics and target checks.</summary>
internal interface IBenchmarkScenario
{
    /// <summary>Short name for <c>--scenario</c>, e.g. <c>round-overhead</c>.</summary>
    string Name { get; }

    string Title { get; }

    /// <summary>What it measures and against what, in a sentence or two (printed by <c>--list</c> and in the report).</summary>
    string Measures { get; }

    /// <summary>How long a full run may take when it needs more than the driver's default; null for the default.</summary>
    TimeSpan? FullRunLimit => null;

    Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken);
}

/// <summary>Thrown when a scenario needs a part of the product that is not in this build; the scenario is reported as not run.</summary>
internal sealed class ComponentMissingException(string message) : Exception(message);
