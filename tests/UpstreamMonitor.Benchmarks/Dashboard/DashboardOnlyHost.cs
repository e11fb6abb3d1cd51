using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Hosting;

namespace UpstreamMonitor.Benchmarks.Dashboard;

/// <summary>
/// The real host on a free loopback port without its poller or history: the dashboard scenarios publish rounds by
/// hand, so each render is of a known snapshot.
/// </summary>
internal static class DashboardOnlyHost
{
    private const string PollerServiceName = "UpstreamMonitor.Polling.PollerService";

    public static WebApplication Build(out int port)
    {
        port = FreeLoopbackPort();
        return MonitorApplication.Build(
            [
                new("Monitor:BindAddress", "127.0.0.1"),
                new("Monitor:Port", port.ToString(CultureInfo.InvariantCulture)),
                new("Monitor:History:Path", "off"),

                // The synthetic fleet has no nodes behind it: checkpoint sync's refused downloads are expected here.
                .. MonitorRigSettings.QuietLogging,
            ],
            builder =>
            {
                foreach (var poller in builder.Services.Where(d => d.ImplementationType?.FullName == PollerServiceName).ToList())
                {
                    builder.Services.Remove(poller);
                }
            });
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
