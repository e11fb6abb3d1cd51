using Microsoft.Extensions.DependencyInjection.Extensions;

namespace UpstreamMonitor.Snapshots;

internal static class SnapshotObserverServiceCollectionExtensions
{
    /// <summary>A lane this deep covers a minute of 4 s rounds: an observer that far behind only needs the newest.</summary>
    public const int DefaultCapacity = 16;

    /// <summary>
    /// Registers <typeparamref name="T"/> (a singleton) to receive each published snapshot on its own loop through a
    /// bounded lane of <paramref name="capacity"/> snapshots that drops its oldest when full.
    /// </summary>
    public static IServiceCollection AddSnapshotObserver<T>(this IServiceCollection services, int capacity = DefaultCapacity)
        where T : class, ISnapshotObserver
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        services.TryAddSingleton<T>();
        services.AddSingleton(new SnapshotObserverRegistration(typeof(T), capacity));
        return services.AddSnapshotObservers();
    }

    /// <summary>The lanes and their host, once; observers are added with <see cref="AddSnapshotObserver{T}"/>.</summary>
    public static IServiceCollection AddSnapshotObservers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SnapshotObservers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SnapshotObserverHost>());
        return services;
    }
}
