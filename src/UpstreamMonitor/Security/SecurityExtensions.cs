using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace UpstreamMonitor.Security;

public static class SecurityExtensions
{
    /// <summary>Longest request line (method, path, query) Kestrel accepts; longer gets 414.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>Total size of all request headers Kestrel accepts; more gets 431.</summary>
    public const int MaxRequestHeadersBytes = 16 * 1024;

    /// <summary>How many request headers Kestrel accepts; more gets 431.</summary>
    public const int MaxRequestHeaderCount = 64;

    /// <summary>The surface is read-only (GET/HEAD): no request needs a body, so a small cap stops body floods early.</summary>
    public const long MaxRequestBodyBytes = 16 * 1024;

    /// <summary>
    /// Bounds request sizes in Kestrel and puts <see cref="SecurityHeadersMiddleware"/> at the very front of the
    /// pipeline (through a startup filter), ahead of static files, the dashboard and the API.
    /// </summary>
    public static IServiceCollection AddSecurityHardening(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });
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
