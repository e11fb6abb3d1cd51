using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Security;

namespace UpstreamMonitor.Tests.Security;

/// <summary>
/// The real host (<see cref="MonitorApplication.Build"/>) on real Kestrel at 127.0.0.1 on an ephemeral port:
/// TestServer does not enforce Kestrel's request limits, so size checks need the real thing.
/// </summary>
internal sealed class RunningMonitor : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningMonitor(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration keys (<c>Monitor:…</c>) on top of the loopback bind and port 0.</param>
    /// <param name="configure">Extra service registrations (a log capture, say).</param>
    public static async Task<RunningMonitor> StartAsync(
        IEnumerable<KeyValuePair<string, string?>> settings,
        Action<WebApplicationBuilder>? configure = null)
    {
        KeyValuePair<string, string?>[] overrides =
        [
            new("Monitor:BindAddress", "127.0.0.1"),
            new("Monitor:Port", "0"),
            .. settings,
        ];
        var app = MonitorApplication.Build(overrides, builder =>
        {
            // Idempotent: harmless once MonitorApplication.Build wires the hardening itself.
            builder.Services.AddSecurityHardening();
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningMonitor(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
