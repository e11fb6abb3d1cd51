using UpstreamMonitor.Benchmarks.Load;

namespace UpstreamMonitor.Tests.Benchmarks;

public sealed class HostWindowTests
{
    [Fact]
    public void Cpu_time_is_user_plus_system_ticks_counted_after_a_command_name_holding_spaces_and_parentheses()
    {
        // utime 250 and stime 70 ticks (fields 14 and 15) at 100 ticks a second.
        const string stat = "4242 (dotnet (sim) x) S 1 4242 4242 0 -1 4194560 9000 0 0 0 250 70 0 0 20 0 31 0 123 0 0";

        Assert.Equal(TimeSpan.FromSeconds(3.2), HostWindow.CpuTimeOf(stat));
    }

    [Fact]
    public void A_window_counts_the_collections_and_pause_inside_it_and_reads_its_own_cpu()
    {
        using var window = HostWindow.Start(TimeProvider.System, [Environment.ProcessId]);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var spin = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(spin) < TimeSpan.FromMilliseconds(50))
        {
            // Busy for 50 ms so the process's own CPU time moves past /proc's 10 ms tick.
        }

        var reading = window.Stop();

        Assert.True(reading.Gen2 >= 1, $"gen2 {reading.Gen2}");
        Assert.True(reading.Gen0 >= 1, $"gen0 {reading.Gen0}");
        Assert.True(reading.GcPauseTotal > TimeSpan.Zero, $"pause {reading.GcPauseTotal}");
        Assert.True(reading.GcPauseMax > TimeSpan.Zero && reading.GcPauseMax <= reading.GcPauseTotal, $"longest {reading.GcPauseMax} of {reading.GcPauseTotal}");
        Assert.True(reading.HostCpu >= TimeSpan.FromMilliseconds(30), $"host cpu {reading.HostCpu}");
        Assert.True(reading.DevnetCpu >= TimeSpan.FromMilliseconds(30), $"other cpu {reading.DevnetCpu}");
        Assert.True(reading.ThreadPoolThreadsMax >= 1, $"pool threads {reading.ThreadPoolThreadsMax}");
    }
}
