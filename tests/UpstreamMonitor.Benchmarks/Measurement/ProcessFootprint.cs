using System.Runtime;

namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>One reading of this process's resources: what leaks would show up in.</summary>
internal sealed record ProcessFootprint(int Threads, int OpenFileDescriptors, long ManagedHeapBytes, long ResidentBytes)
{
    public static ProcessFootprint Capture()
    {
        var status = File.Exists("/proc/self/status") ? ProcStatus.Parse(File.ReadAllText("/proc/self/status")) : null;
        var fds = Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : -1;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ProcessFootprint(
            status?.Threads ?? process.Threads.Count,
            fds,
            GC.GetTotalMemory(forceFullCollection: false),
            status?.ResidentBytes ?? Environment.WorkingSet);
    }

    // The knobs a GC mode may set beyond flavour and adaptation; shown only when the runtime reports them.
    private static readonly HashSet<string> ShippedKnobs = new(StringComparer.OrdinalIgnoreCase)
    {
        "ConserveMemory", "HeapHardLimit", "HeapHardLimitPercent", "Gen0Size", "Gen0MaxBudget",
    };

    /// <summary>The process's GC flavour as the runtime actually applied it (environment variables included).</summary>
    public static string GcMode()
    {
        var flavour = GCSettings.IsServerGC ? "server" : "workstation";
        var concurrent = GCSettings.LatencyMode == GCLatencyMode.Batch ? "non-concurrent" : "concurrent";
        // The GC's own view of its settings, so the report shows what was applied, not what was asked for.
        var variables = GC.GetConfigurationVariables();
        var details = variables
            .Where(v => v.Key.Contains("Dynamic", StringComparison.OrdinalIgnoreCase) || v.Key.Equals("HeapCount", StringComparison.OrdinalIgnoreCase) || ShippedKnobs.Contains(v.Key))
            .Select(v => $"{v.Key}={v.Value}");
        return string.Join(", ", new[] { flavour, concurrent }.Concat(details));
    }
}
