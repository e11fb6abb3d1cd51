using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Tests.Benchmarks;

public class ProcStatusTests
{
    [Fact]
    public void Reads_rss_peak_and_threads_from_proc_status()
    {
        const string text = "Name:\tUpstreamMonitor\nVmPeak:\t 3000000 kB\nVmHWM:\t  150000 kB\nVmRSS:\t  120000 kB\nThreads:\t27\nSigQ:\t0/95000\n";

        var status = ProcStatus.Parse(text);

        Assert.Equal(120000L * 1024, status.ResidentBytes);
        Assert.Equal(150000L * 1024, status.PeakResidentBytes);
        Assert.Equal(27, status.Threads);
    }

    [Fact]
    public void Missing_fields_are_unknown_not_zero()
    {
        var status = ProcStatus.Parse("Name:\tx\n");

        Assert.Null(status.ResidentBytes);
        Assert.Null(status.Threads);
    }
}
