using System.Runtime.CompilerServices;

namespace UpstreamMonitor.Tests;

/// <summary>Settings every host this test process builds (in process or as a child) starts from.</summary>
internal static class TestProcessDefaults
{
    /// <summary>
    /// History is on by default in the product (<c>./data/history.db</c>); hosts built by tests keep it off unless a
    /// test names a store of its own, so parallel tests never share one SQLite file in the working directory.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => Environment.SetEnvironmentVariable("Monitor__History__Path", "off");
}
