using System.Diagnostics;

namespace UpstreamMonitor.Benchmarks.Driver;

/// <summary>
/// Runs this driver again as a child process (<c>--child NAME</c>) with extra environment variables. GC mode is fixed
/// at process start, so comparing modes needs one process per mode.
/// </summary>
internal static class ChildProcessLauncher
{
    public const string ResultMarker = "CHILD-RESULT ";

    public static async Task<string> RunAsync(
        string child,
        IReadOnlyDictionary<string, string> environment,
        TextWriter log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);
        var start = SelfStartInfo();
        start.ArgumentList.Add("--child");
        start.ArgumentList.Add(child);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Child process did not start.");
        string? result = null;
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ResultMarker, StringComparison.Ordinal))
                {
                    result = line[ResultMarker.Length..];
                }
                else
                {
                    await log.WriteLineAsync("    " + line).ConfigureAwait(false);
                }
            }
        }, cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"Child '{child}' exited {process.ExitCode} without a result. {errors}".Trim());
        }

        return result;
    }

    private static ProcessStartInfo SelfStartInfo()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var isDotnetHost = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        if (!isDotnetHost)
        {
            return new ProcessStartInfo(processPath);
        }

        var start = new ProcessStartInfo(processPath);
        start.ArgumentList.Add(typeof(ChildProcessLauncher).Assembly.Location);
        return start;
    }
}
