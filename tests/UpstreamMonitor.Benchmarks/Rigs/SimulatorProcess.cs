using System.Diagnostics;
using System.Globalization;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Rigs;

/// <summary>The CPU priority a simulator process runs at.</summary>
internal enum DevnetPriority
{
    /// <summary>The same priority as the monitor: the devnet's CPU competes with it as an equal.</summary>
    Normal,

    /// <summary>
    /// <c>nice -n 19</c> from the start, so every thread it creates inherits it (on Linux a later setpriority on the
    /// pid would only reach the main thread): its CPU is what the monitor leaves, as with nodes on other machines.
    /// </summary>
    Niced,
}

/// <summary>
/// The standalone simulator (src/UpstreamMonitor.Simulator, copied beside the driver) run as a process of its own:
/// all nodes healthy, every response after the given latency. Ready once it has written its upstreams file.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private const string ReadyLine = "Wrote ";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task _drain;
    private readonly string _file;

    private SimulatorProcess(Process process, Task drain, string file)
    {
        _process = process;
        _drain = drain;
        _file = file;
    }

    /// <summary>Its nodes as the simulator wrote them (empty until it is ready).</summary>
    public IReadOnlyList<UpstreamDefinition> Upstreams { get; private set; } = [];

    /// <summary>The simulator's pid (with <see cref="DevnetPriority.Niced"/>, nice execs it, so the pid is the simulator's own).</summary>
    public int ProcessId => _process.Id;

    public static Task<SimulatorProcess> StartAsync(int nodes, TimeSpan latency, TextWriter log, CancellationToken cancellationToken) =>
        StartAsync(nodes, latency, DevnetPriority.Normal, log, cancellationToken);

    public static async Task<SimulatorProcess> StartAsync(int nodes, TimeSpan latency, DevnetPriority priority, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var file = Path.Combine(Path.GetTempPath(), $"um-bench-simulator-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        var start = StartInfo(priority);
        foreach (var argument in new[]
        {
            "--nodes", Invariant(nodes), "--all-healthy", "--latency-ms", Invariant((long)latency.TotalMilliseconds),
            "--write-upstreams", file,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The simulator process did not start.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);

        // It prints a line per node; the pipe is read to the end so the simulator never blocks on a full buffer.
        var drain = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ReadyLine, StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }

            ready.TrySetException(new InvalidOperationException(
                $"The simulator ({nodes} nodes) exited before it was ready: {(await errors.ConfigureAwait(false)).Trim()}"));
        }, CancellationToken.None);

        var simulator = new SimulatorProcess(process, drain, file);
        try
        {
            await ready.Task.WaitAsync(StartLimit, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"    simulator process {process.Id}: {nodes} nodes, {priority} priority")).ConfigureAwait(false);
            simulator.Upstreams = UpstreamListFile.Read(file);
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await _drain.ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It was never ready (the drain reports why to the caller) or had already gone.
        }
        finally
        {
            _process.Dispose();
            File.Delete(_file);
        }
    }

    private static ProcessStartInfo StartInfo(DevnetPriority priority)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "UpstreamMonitor.Simulator.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The simulator is not beside the benchmark driver.", dll);
        }

        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var isDotnetHost = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var dotnet = isDotnetHost ? processPath : "dotnet";
        var start = new ProcessStartInfo(priority == DevnetPriority.Niced ? "nice" : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (priority == DevnetPriority.Niced)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add("19");
            start.ArgumentList.Add(dotnet);
        }

        start.ArgumentList.Add(dll);
        return start;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
