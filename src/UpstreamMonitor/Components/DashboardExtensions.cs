using Microsoft.AspNetCore.Hosting.StaticWebAssets;

namespace UpstreamMonitor.Components;

internal static class DashboardExtensions
{
    /// <summary>Registers the Blazor dashboard (interactive server).</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services;
    }

    /// <summary>Maps the dashboard at <c>/</c> and its static assets.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var assemblyName = typeof(App).Assembly.GetName().Name!;
        UseBuildOutputStaticAssets(app, assemblyName);

        app.UseAntiforgery();
        app.MapStaticAssets(Path.Combine(AppContext.BaseDirectory, $"{assemblyName}.staticwebassets.endpoints.json"));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// A build (not a publish) keeps wwwroot, the scoped CSS bundle and blazor.web.js where they were built, listed in a
    /// runtime manifest that ASP.NET Core reads only in Development and only under the entry assembly's name. The
    /// monitor runs in Production by default and is hosted by test runners, so read the manifest whenever it is there.
    /// </summary>
    private static void UseBuildOutputStaticAssets(WebApplication app, string assemblyName)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{assemblyName}.staticwebassets.runtime.json");
        var alreadyLoaded = app.Environment.IsDevelopment()
            && string.Equals(app.Environment.ApplicationName, assemblyName, StringComparison.Ordinal);
        if (!File.Exists(manifest) || alreadyLoaded)
        {
            return;
        }

        app.Configuration[WebHostDefaults.StaticWebAssetsKey] = manifest;
        StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
    }
}
