using System.Globalization;
using System.Runtime.InteropServices;
using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Benchmarks.Reporting;

/// <summary>The machine the figures were taken on, printed beside them: figures without it mean little.</summary>
internal sealed record MachineInfo(int Cores, long MemoryBytes, string Cpu, string Os, string Runtime, string GcMode)
{
    public static MachineInfo Capture() => new(
        Environment.ProcessorCount,
        TotalMemoryBytes(),
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ProcessFootprint.GcMode());

    /// <summary>The first three fields of <c>/proc/loadavg</c>, or "unknown".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
            : "unknown";

    private static long TotalMemoryBytes()
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
        {
            var line = File.ReadLines(meminfo).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            if (long.TryParse(kb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return value * 1024;
            }
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        var line = File.Exists(cpuinfo)
            ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
