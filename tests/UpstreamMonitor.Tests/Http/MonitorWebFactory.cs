using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.CheckpointSync;

namespace UpstreamMonitor.Tests.Http;

/// <summary>
/// The real <c>Program</c> in a test server, made deterministic by <see cref="TestHostServices"/>. The type argument
/// only names the host assembly: <c>Program</c> itself is ambiguous here, since the simulator's internal
/// <c>Program</c> is visible to the tests too.
/// </summary>
public sealed class MonitorWebFactory : WebApplicationFactory<MonitorSnapshotStore>
{
    internal FakeTimeProvider Time { get; } = TestHostServices.NewClock();

    internal FakeLeanApiClient LeanApi { get; } = new();

    internal MonitorSnapshotStore Store => Services.GetRequiredService<MonitorSnapshotStore>();

    internal FinalizedStateCache StateCache => Services.GetRequiredService<FinalizedStateCache>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in TestHostServices.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => TestHostServices.Apply(services, Time, LeanApi, keepCheckpointSync: false));
    }
}
