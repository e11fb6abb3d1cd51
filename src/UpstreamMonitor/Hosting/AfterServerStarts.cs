namespace UpstreamMonitor.Hosting;

/// <summary>
/// Runs a hosted service only once every hosted service has started, the web server included: the poller and its
/// companions start after Kestrel listens, so a port in use stops the process before a first round (and its log lines,
/// and its in-flight requests at disposal) ever happens.
/// </summary>
internal sealed class AfterServerStarts(IHostedService inner) : IHostedLifecycleService
{
    private bool _started;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await inner.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _started ? inner.StopAsync(cancellationToken) : Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Wraps every hosted service registered so far.</summary>
    public static void WrapAll(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => new AfterServerStarts(Create(sp, descriptor)));
        }
    }

    private static IHostedService Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as IHostedService
        ?? descriptor.ImplementationFactory?.Invoke(services) as IHostedService
        ?? (IHostedService)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
