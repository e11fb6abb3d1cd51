using System.Net;
using System.Net.Sockets;
using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Tests.Benchmarks;

public class DescriptorCensusTests
{
    [Fact]
    public void Counts_descriptors_by_what_they_point_at()
    {
        string[] targets =
        [
            "socket:[1001]", "socket:[1002]", "pipe:[2001]", "anon_inode:[eventpoll]", "anon_inode:[eventfd]",
            "/app/UpstreamMonitor.dll", "/dev/null", "anon_inode:inotify",
        ];

        var census = DescriptorCensus.Of(targets);

        Assert.Equal(new DescriptorCensus(Sockets: 2, Pipes: 1, EventPolls: 1, EventFds: 1, Files: 2, Other: 1), census);
        Assert.Equal(targets.Length, census.Total);
    }

    [Fact]
    public void A_listening_socket_opened_by_this_process_is_counted()
    {
        var before = DescriptorCensus.CaptureSelf();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var after = DescriptorCensus.CaptureSelf();

        Assert.NotNull(before);
        Assert.NotNull(after);

        // Other tests open and close sockets in parallel; this one's own listener is at least one more than none.
        Assert.True(after.Sockets >= 1, $"sockets: {after.Sockets}");
        Assert.True(after.Files >= 1, $"files: {after.Files} (the loaded assemblies stay open)");
    }
}
