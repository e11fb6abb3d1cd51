using System.Globalization;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Tests.Security;

namespace UpstreamMonitor.Tests.Alerts.EndToEnd;

/// <summary>
/// A simulated devnet on loopback, the real monitor host polling it through an upstreams.json, and a WireMock
/// webhook receiver: slots, polls and alert thresholds are small so every incident fires and resolves in seconds.
/// </summary>
internal sealed class DevnetUnderMonitor : IAsyncDisposable
{
    public const int SlotMs = 100;

    private readonly TempDirectory _directory;
    private readonly RunningMonitor _monitor;

    private DevnetUnderMonitor(TempDirectory directory, SimulatedDevnet devnet, WebhookReceiver receiver, RunningMonitor monitor)
    {
        _directory = directory;
        Devnet = devnet;
        Receiver = receiver;
        _monitor = monitor;
    }

    public SimulatedDevnet Devnet { get; }

    public WebhookReceiver Receiver { get; }

    /// <summary>The monitor's own address (its API and pages).</summary>
    public Uri MonitorUrl => _monitor.BaseUrl;

    /// <param name="keepHistory">Keep history in a SQLite file of the run's temp folder (off otherwise).</param>
    public static async Task<DevnetUnderMonitor> StartAsync(int nodes = 3, int laggardLagSlots = 3, bool keepHistory = false)
    {
        var directory = new TempDirectory();
        var receiver = new WebhookReceiver();
        var devnet = await SimulatedDevnet.StartAsync(
            new SimulatedDevnetOptions
            {
                NodeCount = nodes,
                UseDefaultPersonaMix = false,
                SlotDuration = TimeSpan.FromMilliseconds(SlotMs),
                LaggardLagSlots = laggardLagSlots,
            },
            CancellationToken.None);
        var upstreams = Path.Combine(directory.Path, "upstreams.json");
        await devnet.WriteUpstreamsJsonAsync(upstreams, CancellationToken.None);
        var monitor = await RunningMonitor.StartAsync(
        [
            new("Monitor:UpstreamsConfig", upstreams),
            new("Monitor:PollMs", Invariant(SlotMs)),
            new("Monitor:TimeoutMs", "1000"),
            new("Monitor:History:Path", keepHistory ? Path.Combine(directory.Path, "history.db") : "off"),
            new("Monitor:Alerts:Webhook", receiver.Url),
            new("Monitor:Alerts:SlotMs", Invariant(SlotMs)),
            new("Monitor:Alerts:FinalityStallSlots", "6"),
            new("Monitor:Alerts:JustificationStallSlots", "4"),
            new("Monitor:Alerts:HeadStallSlots", "4"),
            new("Monitor:Alerts:ConsensusLostRounds", "2"),
            new("Monitor:Alerts:ForkRounds", "2"),
            new("Monitor:Alerts:DownAfterFailures", "3"),
            new("Monitor:Alerts:UpAfterSuccesses", "2"),
            new("Monitor:Alerts:LagSlots", "2"),
            new("Monitor:Alerts:LagRounds", "2"),
            new("Monitor:Alerts:ResolveRounds", "2"),
            new("Monitor:Alerts:RetryBaseDelayMs", "50"),
        ]);
        return new DevnetUnderMonitor(directory, devnet, receiver, monitor);
    }

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync();
        await Devnet.DisposeAsync();
        Receiver.Dispose();
        _directory.Dispose();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
