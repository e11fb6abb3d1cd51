using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.LeanApi;

/// <summary>The lean API client as the host registers it. Timeout tests use <see cref="ShortTimeoutMs"/>; the others a
/// timeout that a loaded CI machine never hits.</summary>
internal sealed class LeanApiTestHost : IDisposable
{
    public const int ShortTimeoutMs = 300;

    public const int TimeoutMs = 30_000;

    private readonly ServiceProvider _services;

    public LeanApiTestHost(int timeoutMs = TimeoutMs)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<PollingOptions>().Configure(options => options.TimeoutMs = timeoutMs);
        services.AddLeanApiClient();
        _services = services.BuildServiceProvider();
    }

    public ILeanApiClient Client => _services.GetRequiredService<ILeanApiClient>();

    public void Dispose() => _services.Dispose();
}
