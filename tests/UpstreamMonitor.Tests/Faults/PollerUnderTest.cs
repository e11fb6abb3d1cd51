using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>
/// The real poll engine over the real <see cref="DefaultLeanApiClient"/> (real sockets, real timeouts), wired as the
/// product wires them, minus the hosted service: a test runs exactly the rounds it asks for.
/// </summary>
internal sealed class PollerUnderTest : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public PollerUnderTest(IReadOnlyList<UpstreamDefinition> upstreams, int timeoutMs, int concurrency, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Monitor:TimeoutMs"] = timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Monitor:PollConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Monitor:PollMs"] = "60000",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddSingleton(TimeProvider.System);
        MonitorSettings.AddTo(services, configuration);
        services.AddSingleton<IUpstreamSource>(new FixedUpstreamSource(upstreams));
        services.AddLeanApiClient();
        services.AddPolling();
        _services = services.BuildServiceProvider();
    }

    public PollEngine Engine => _services.GetRequiredService<PollEngine>();

    public MonitorSnapshot Snapshot => _services.GetRequiredService<IMonitorSnapshotSource>().Current;

    public ILeanApiClient Client => _services.GetRequiredService<ILeanApiClient>();

    public Task<RoundStatistics> RunRoundAsync(CancellationToken cancellationToken = default) => Engine.RunRoundAsync(cancellationToken);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
