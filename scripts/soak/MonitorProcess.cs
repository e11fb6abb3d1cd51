using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UpstreamMonitor.Soak;

/// <summary>
/// The real product as a child process (<c>dotnet UpstreamMonitor.dll …</c>), its console captured to a log file and
/// scanned line by line for errors and unhandled exceptions.
/// </summary>
internal sealed class MonitorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly TimeProvider _timeProvider;

    private MonitorProcess(Process process, StreamWriter log, Uri baseUrl, TimeProvider timeProvider)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
        _timeProvider = timeProvider;
    }

    public Uri BaseUrl { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public long LogLines { get; private set; }

    public long WarningLines { get; private set; }

    public long ErrorLines { get; private set; }

    public long FatalLines { get; private set; }

    /// <summary>Lines mentioning an unhandled exception (host, Kestrel or the app).</summary>
    public long UnhandledExceptionLines { get; private set; }

    /// <summary>The first few error-or-worse lines, for the summary.</summary>
    public List<string> ErrorSamples { get; } = [];

    public static async Task<MonitorProcess> StartAsync(
        string productPath, string upstreamsPath, SoakOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(productPath)!,
        };
        if (!Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = "dotnet";
        }

        foreach (var argument in new[]
                 {
                     productPath, "--upstreams-config", upstreamsPath, "--bind", "127.0.0.1",
                     "--port", port.ToString(CultureInfo.InvariantCulture),
                     "--poll-ms", options.PollMs.ToString(CultureInfo.InvariantCulture),
                     "--timeout-ms", options.TimeoutMs.ToString(CultureInfo.InvariantCulture),
                     "--poll-concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.LogPath))!);
        var log = new StreamWriter(options.LogPath, append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the monitor");
        var monitor = new MonitorProcess(process, log, new Uri($"http://127.0.0.1:{port}/"), timeProvider);
        process.OutputDataReceived += (_, e) => monitor.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => monitor.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await monitor.WaitUntilServingAsync(cancellationToken);
        return monitor;
    }

    /// <summary>Sends SIGTERM and waits for the exit: the graceful path a container runtime takes.</summary>
    public async Task<(int ExitCode, TimeSpan Elapsed)?> TerminateAsync(TimeSpan patience)
    {
        if (_process.HasExited)
        {
            return (_process.ExitCode, TimeSpan.Zero);
        }

        var started = _timeProvider.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(patience, _timeProvider);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return (_process.ExitCode, _timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.WriteLine(line);
            LogLines++;
            var error = line.Contains(" ERR] ", StringComparison.Ordinal) || line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal);
            var fatal = line.Contains(" FTL] ", StringComparison.Ordinal) || line.Contains("\"@l\":\"Fatal\"", StringComparison.Ordinal);
            WarningLines += line.Contains(" WRN] ", StringComparison.Ordinal) ? 1 : 0;
            ErrorLines += error ? 1 : 0;
            FatalLines += fatal ? 1 : 0;
            UnhandledExceptionLines += line.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            if ((error || fatal) && ErrorSamples.Count < 5)
            {
                ErrorSamples.Add(line.Length > 300 ? line[..300] : line);
            }
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = _timeProvider.GetTimestamp();
        while (_timeProvider.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the monitor exited with code {_process.ExitCode} during start-up; see the log");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "status"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow start on a busy machine.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _timeProvider, cancellationToken);
        }

        throw new TimeoutException("the monitor did not serve /status within 60 s");
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
