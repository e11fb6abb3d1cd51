namespace UpstreamMonitor.Http;

/// <summary>
/// The monitor is read-only: every method but GET and HEAD is answered 405 before routing, so no request can change
/// anything or reach an upstream. The dashboard's SignalR endpoint (<c>/_blazor</c>) needs POST and is exempt.
/// </summary>
internal static class ReadOnlyMethods
{
    public const string BlazorHubPath = "/_blazor";

    public static IApplicationBuilder UseReadOnlyMethods(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || context.Request.Path.StartsWithSegments(BlazorHubPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        context.Response.Headers.Allow = "GET, HEAD";
        return HttpBodies.WriteTextAsync(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed");
    });
}
