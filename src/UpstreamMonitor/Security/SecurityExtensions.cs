using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace UpstreamMonitor.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Puts <see cref="SecurityHeadersMiddleware"/> at the very front of the pipeline (through a startup filter), ahead
    /// of static files, the dashboard and the API, and stops Kestrel advertising itself in a <c>Server</c> header.
    /// Request size limits belong to the HTTP surface (<c>Http/HttpLimits</c>); this does not touch them.
    /// </summary>
    public static IServiceCollection AddSecurityHardening(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        services.AddTransient<IStartupFilter, SecurityHeadersStartupFilter>();
        return services;
    }

    /// <summary>Adds the security headers from this point of the pipeline on; call it before static files and endpoints.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>();

    private sealed class SecurityHeadersStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseSecurityHeaders();
            next(app);
        };
    }
}
