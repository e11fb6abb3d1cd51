using System.Diagnostics;
using System.Globalization;

namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>Runs the <c>wrk</c> binary (Debian package; scripts/bench.sh installs it) against a loopback URL.</summary>
internal static class WrkRunner
{
    public const string Executable = "wrk";

    public static bool IsAvailable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, Executable)));
    }

    public static async Task<WrkResult> RunAsync(Uri url, int threads, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsLoopback)
        {
            // The suite only ever loads servers it started on this machine.
            throw new ArgumentException($"wrk target must be a loopback address, got {url.Host}.", nameof(url));
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--latency");
        start.ArgumentList.Add("-t" + threads.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("-c" + connections.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("-d" + Math.Max(1, (int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
        start.ArgumentList.Add(url.AbsoluteUri);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var output = await stdout.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
        }

        return WrkResult.Parse(output);
    }
}
