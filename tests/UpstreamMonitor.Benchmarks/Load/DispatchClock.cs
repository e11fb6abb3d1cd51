using System.Runtime.InteropServices;

namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>
/// Sleeps the dispatch thread until a timestamp. Task.Delay and Thread.Sleep round to whole milliseconds (the timer
/// queue ticks at about 1 ms), which at 2,000 requests/s is two intervals; clock_nanosleep wakes within the kernel's
/// timer slack (50 µs by default) without spinning, so the generator takes no core from the server it measures.
/// </summary>
internal static partial class DispatchClock
{
    private const int ClockMonotonic = 1;

    /// <summary>Returns at or soon after <paramref name="timestamp"/> (a <see cref="TimeProvider.GetTimestamp"/> value); at once if it has passed.</summary>
    public static void SleepUntil(TimeProvider time, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(time);

        // An interrupted sleep (EINTR) returns early; the loop sleeps again for what is left.
        for (var remaining = timestamp - time.GetTimestamp(); remaining > 0; remaining = timestamp - time.GetTimestamp())
        {
            var nanoseconds = (long)(remaining * (1e9 / time.TimestampFrequency));
            if (OperatingSystem.IsLinux())
            {
                var request = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
                _ = ClockNanosleep(ClockMonotonic, 0, ref request, IntPtr.Zero);
            }
            else
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, nanoseconds / 1_000_000)));
            }
        }
    }

    [DllImport("libc.so.6", EntryPoint = "clock_nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
