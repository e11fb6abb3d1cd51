using System.Diagnostics;
using System.Globalization;

namespace UpstreamMonitor.Soak;

/// <summary>
/// The monitor's managed-heap figures from the runtime itself: <c>dotnet-counters collect</c> (the .NET diagnostics
/// tool, attached over the diagnostics IPC channel) writes the <c>System.Runtime</c> counters to a CSV file every
/// 10 s, and each sample reads the latest values. Used because the product's <c>/metrics</c> carries only monitor
/// series, not prometheus-net's process defaults.
/// </summary>
internal sealed class RuntimeCounters : IAsyncDisposable
{
    private const string HeapSize = "dotnet.gc.last_collection.heap.size (By)";
    private readonly Process _process;
    private readonly string _csvPath;

    private RuntimeCounters(Process process, string csvPath)
    {
        _process = process;
        _csvPath = csvPath;
    }

    public static RuntimeCounters Start(string toolPath, int processId, string csvPath)
    {
        File.Delete(csvPath);
        var start = new ProcessStartInfo(toolPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime",
                     "--format", "csv", "-o", csvPath, "--refresh-interval", "10",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet-counters");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RuntimeCounters(process, csvPath);
    }

    /// <summary>
    /// Every heap reading in the file: managed heap after the latest GC (all generations, LOH and POH), in MiB, by time.
    /// Read once the monitor has exited: dotnet-counters then ends by itself and flushes its buffered output.
    /// </summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, double HeapMiB)>> ReadHeapAsync(CancellationToken cancellationToken)
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Still attached to something: read what was flushed.
            }
        }

        if (!File.Exists(_csvPath))
        {
            return [];
        }

        // Rows: Timestamp,Provider,Counter Name,Counter Type,Value; timestamps in the machine's local time.
        var lines = await File.ReadAllLinesAsync(_csvPath, cancellationToken);
        return lines.Select(l => l.Split(','))
            .Where(f => f.Length >= 5 && f[2].StartsWith(HeapSize, StringComparison.Ordinal))
            .GroupBy(f => f[0])
            .Select(g => (
                At: new DateTimeOffset(DateTime.ParseExact(g.Key, "MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal)),
                HeapMiB: g.Sum(f => double.Parse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture)) / (1024 * 1024)))
            .OrderBy(r => r.At)
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
