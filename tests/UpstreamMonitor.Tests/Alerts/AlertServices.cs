using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Alerts;

/// <summary>
/// <c>AddAlerts</c> over an in-memory <c>Monitor:Alerts</c> section, on the system clock (deliveries run on real
/// loopback sockets, their retries on real delays kept short by the settings).
/// </summary>
internal sealed class AlertServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public AlertServices(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Monitor:Alerts:RetryBaseDelayMs"] = "20",
                ["Monitor:Alerts:MaxRetries"] = "2",
            })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs));
        services.AddSingleton(time ?? TimeProvider.System);

        // The real store: what it publishes reaches the alert pipeline through its observer lane, as in the host.
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new UpstreamMonitor.Configuration.CheckpointSyncOptions()));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new UpstreamMonitor.Configuration.ConsensusOptions()));
        services.AddSingleton<UpstreamMonitor.Snapshots.MonitorSnapshotStore>();
        services.AddSingleton<UpstreamMonitor.Snapshots.IMonitorSnapshotSource>(sp => sp.GetRequiredService<UpstreamMonitor.Snapshots.MonitorSnapshotStore>());
        services.AddAlerts(configuration);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public UpstreamMonitor.Snapshots.MonitorSnapshotStore Source => Get<UpstreamMonitor.Snapshots.MonitorSnapshotStore>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public AlertOptions Options => Get<IOptions<AlertOptions>>().Value;

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    public static Dictionary<string, string?> Receiver(int index, string name, string kind, Uri url, int timeoutMs = 10_000) => new()
    {
        [$"Monitor:Alerts:Receivers:{index}:Name"] = name,
        [$"Monitor:Alerts:Receivers:{index}:Kind"] = kind,
        [$"Monitor:Alerts:Receivers:{index}:Url"] = url.AbsoluteUri,
        [$"Monitor:Alerts:Receivers:{index}:TimeoutMs"] = timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string?> Merge(params Dictionary<string, string?>[] parts) =>
        parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value);
}

/// <summary>Keeps every formatted log line, for tests that check what is (not) logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.Message}");
    }
}

/// <summary>Alerts as the detector makes them, for delivery tests.</summary>
internal static class SampleAlerts
{
    public static AlertEvent FinalityStalled(DateTimeOffset? at = null) => new()
    {
        Id = "finality_stalled-3f2a9c1b7d4e",
        Key = "finality_stalled",
        Kind = AlertKind.FinalityStalled,
        Severity = AlertSeverity.Critical,
        Checkpoint = "finalized",
        Slot = 36,
        Root = TestSnapshots.Root(36),
        FirstSeen = at ?? TestSnapshots.Start,
        Summary = "Consensus finalized slot stuck at 36 for 64 s (16 slots or more)",
    };

    public static AlertEvent UpstreamDown(string upstream = "qlean_0", DateTimeOffset? at = null) => new()
    {
        Id = "upstream_down-0c5e7a9b2d11",
        Key = "upstream_down/" + upstream,
        Kind = AlertKind.UpstreamDown,
        Severity = AlertSeverity.Warning,
        Upstreams = [upstream],
        FirstSeen = at ?? TestSnapshots.Start,
        Summary = $"Upstream {upstream} failed 3 polls in a row",
    };
}
