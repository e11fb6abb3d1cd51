namespace UpstreamMonitor.Security;

/// <summary>
/// Adds <see cref="SecurityHeaders.All"/> to every response: dashboard, static files, API, metrics and errors alike.
/// Headers are applied when the response starts, so a 404, 405 or an exception page is covered too.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // Marks a request already handled, so registering the middleware twice (startup filter and UseSecurityHeaders) is harmless.
    private static readonly object AppliedKey = new();

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryAdd(AppliedKey, true))
        {
            context.Response.OnStarting(static state =>
            {
                // Set, not added: Blazor's interactive server rendering puts its own looser
                // "frame-ancestors 'self'" policy on pages, and the whole-application policy must win.
                var headers = ((HttpResponse)state).Headers;
                foreach (var (name, value) in SecurityHeaders.All)
                {
                    headers[name] = value;
                }

                return Task.CompletedTask;
            }, context.Response);
        }

        return next(context);
    }
}
