using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Tests.CheckpointSync;

namespace UpstreamMonitor.Tests.Http;

/// <summary>
/// Makes a host deterministic for HTTP tests: fake clock, scripted lean API client, and no background poller (tests
/// publish snapshots themselves). The checkpoint-sync worker is removed too unless a test exercises it.
/// </summary>
internal static class TestHostServices
{
    /// <summary>Configuration that satisfies upstream validation without any traffic: nothing polls it.</summary>
    public static readonly KeyValuePair<string, string?>[] Settings =
    [
        new("Monitor:LeanUrl", "http://127.0.0.1:9"),
        new("Monitor:PollMs", "10000"),
        new("Monitor:StaleMs", "30000"),
    ];

    public static void Apply(IServiceCollection services, FakeTimeProvider time, FakeLeanApiClient? client, bool keepCheckpointSync)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(time);
        if (client is not null)
        {
            services.RemoveAll<ILeanApiClient>();
            services.AddSingleton<ILeanApiClient>(client);
        }
        RemoveHostedService(services, "PollerService");
        if (!keepCheckpointSync)
        {
            RemoveHostedService(services, "CheckpointSyncService");
        }
    }

    public static FakeTimeProvider NewClock() => new(TestSnapshots.Start);

    private static void RemoveHostedService(IServiceCollection services, string typeName)
    {
        var matches = services.Where(d => d.ServiceType == typeof(IHostedService) && !d.IsKeyedService && ImplementationName(d) == typeName).ToList();
        foreach (var descriptor in matches)
        {
            services.Remove(descriptor);
        }
    }

    private static string? ImplementationName(ServiceDescriptor descriptor) =>
        descriptor.ImplementationType?.Name
        ?? descriptor.ImplementationInstance?.GetType().Name
        ?? descriptor.ImplementationFactory?.Method.ReturnType.Name;
}
