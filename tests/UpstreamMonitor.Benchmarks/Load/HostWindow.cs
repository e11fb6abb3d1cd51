using System.Diagnostics;
using System.Globalization;

namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>What the host process (and the devnet's processes) did while one latency window ran.</summary>
internal sealed record HostWindowReading(
    TimeSpan Elapsed,
    int Gen0,
    int Gen1,
    int Gen2,
    TimeSpan GcPauseTotal,
    TimeSpan GcPauseMax,
    long ThreadPoolQueueMax,
    int ThreadPoolThreadsMax,
    TimeSpan HostCpu,
    TimeSpan DevnetCpu)
{
    public double HostCores => HostCpu / Elapsed;

    public double DevnetCores => DevnetCpu / Elapsed;
}

/// <summary>
/// Samples this process's GC and thread pool every 10 ms over a window, from a thread of its own (a pool thread would
/// wait in the very queue it measures), and reads the CPU time of this process and of the given other processes.
/// The longest single pause comes from <see cref="GC.GetGCMemoryInfo(GCKind)"/>, which describes only the latest
/// collection: a 10 ms sample sees each one unless two land within a sample, and the total is exact either way.
/// </summary>
internal sealed class HostWindow : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    /// <summary>/proc reports CPU in clock ticks of USER_HZ, 100 per second on every Linux ABI.</summary>
    private const double TicksPerSecond = 100;

    private readonly TimeProvider _time;
    private readonly IReadOnlyList<int> _others;
    private readonly Thread _sampler;
    private readonly long _start;
    private readonly int[] _collections;
    private readonly TimeSpan _pause;
    private readonly TimeSpan _hostCpu;
    private readonly TimeSpan _othersCpu;
    private volatile bool _stopped;
    private long _lastGcIndex;
    private TimeSpan _pauseMax;
    private long _queueMax;
    private int _threadsMax;

    private HostWindow(TimeProvider time, IReadOnlyList<int> others)
    {
        _time = time;
        _others = others;
        _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _pause = GC.GetTotalPauseDuration();
        _lastGcIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
        _hostCpu = HostCpuTime();
        _othersCpu = CpuTimeOf(others);
        _start = time.GetTimestamp();
        _sampler = new Thread(Sample) { IsBackground = true, Name = "host window sampler" };
        _sampler.Start();
    }

    /// <summary>Starts a window; <paramref name="otherProcesses"/> are pids whose CPU is read beside this process's.</summary>
    public static HostWindow Start(TimeProvider time, IReadOnlyList<int> otherProcesses)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(otherProcesses);
        return new HostWindow(time, otherProcesses);
    }

    public HostWindowReading Stop()
    {
        _stopped = true;
        _sampler.Join();
        SampleOnce();
        return new HostWindowReading(
            _time.GetElapsedTime(_start),
            GC.CollectionCount(0) - _collections[0],
            GC.CollectionCount(1) - _collections[1],
            GC.CollectionCount(2) - _collections[2],
            GC.GetTotalPauseDuration() - _pause,
            _pauseMax,
            _queueMax,
            _threadsMax,
            HostCpuTime() - _hostCpu,
            CpuTimeOf(_others) - _othersCpu);
    }

    public void Dispose()
    {
        _stopped = true;
        _sampler.Join();
    }

    /// <summary>The CPU time of a process from /proc/PID/stat (user + system, every thread); zero if it has gone.</summary>
    internal static TimeSpan CpuTimeOf(string statLine)
    {
        // "PID (comm) S ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var fields = statLine[(statLine.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static TimeSpan CpuTimeOf(IReadOnlyList<int> processes)
    {
        var total = TimeSpan.Zero;
        foreach (var pid in processes)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat");
            if (File.Exists(path))
            {
                total += CpuTimeOf(File.ReadAllText(path));
            }
        }

        return total;
    }

    private static TimeSpan HostCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private void Sample()
    {
        var next = _time.GetTimestamp();
        var period = (long)(Period.TotalSeconds * _time.TimestampFrequency);
        while (!_stopped)
        {
            SampleOnce();
            next += period;
            DispatchClock.SleepUntil(_time, next);
        }
    }

    private void SampleOnce()
    {
        _queueMax = Math.Max(_queueMax, ThreadPool.PendingWorkItemCount);
        _threadsMax = Math.Max(_threadsMax, ThreadPool.ThreadCount);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        if (info.Index != _lastGcIndex)
        {
            _lastGcIndex = info.Index;
            foreach (var pause in info.PauseDurations)
            {
                _pauseMax = pause > _pauseMax ? pause : _pauseMax;
            }
        }
    }
}
