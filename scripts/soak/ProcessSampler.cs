using System.Globalization;

namespace UpstreamMonitor.Soak;

/// <summary>One reading of the monitor process.</summary>
internal sealed record ProcessSample(
    double RssMiB,
    double? ManagedHeapMiB,
    int Threads,
    int OpenFds,
    double? Gen2Collections);

/// <summary>
/// Reads the monitor the way an operator would: RSS, threads and open descriptors from <c>/proc/PID</c> (the kernel's
/// view, independent of the product), the managed heap and GC counts from the product's own <c>/metrics</c>
/// (prometheus-net's default <c>dotnet_*</c> series) when it has them, else filled in afterwards from <see cref="RuntimeCounters"/>.
/// </summary>
internal sealed class ProcessSampler(int processId, Uri baseUrl, HttpClient http)
{
    public async Task<ProcessSample> SampleAsync(CancellationToken cancellationToken)
    {
        var status = await File.ReadAllLinesAsync($"/proc/{processId}/status", cancellationToken);
        var rssKiB = Field(status, "VmRSS:");
        var threads = (int)Field(status, "Threads:");
        var fds = Directory.GetFileSystemEntries($"/proc/{processId}/fd").Length;

        double? heap = null;
        double? gen2 = null;
        try
        {
            var metrics = await http.GetStringAsync(new Uri(baseUrl, "metrics"), cancellationToken);
            heap = Metric(metrics, "dotnet_total_memory_bytes ") / (1024 * 1024);
            gen2 = Metric(metrics, "dotnet_collection_count_total{generation=\"2\"} ");
        }
        catch (HttpRequestException)
        {
            // Leave the managed columns empty for this minute rather than fail the soak.
        }

        return new ProcessSample(rssKiB / 1024, heap, threads, fds, gen2);
    }

    private static double Field(string[] lines, string name)
    {
        var line = lines.First(l => l.StartsWith(name, StringComparison.Ordinal));
        var number = line[name.Length..].Trim().Split(' ')[0];
        return double.Parse(number, CultureInfo.InvariantCulture);
    }

    private static double? Metric(string exposition, string prefix)
    {
        foreach (var line in exposition.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return double.Parse(line[prefix.Length..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
