using System.Text;

namespace UpstreamMonitor.Http;

/// <summary>Writes pre-rendered bodies with an exact Content-Length; HEAD gets the headers only.</summary>
internal static class HttpBodies
{
    public const string Json = "application/json";
    public const string Text = "text/plain; charset=utf-8";
    public const string OctetStream = "application/octet-stream";

    public static Task WriteAsync(HttpContext context, int statusCode, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method) || body.IsEmpty)
        {
            return Task.CompletedTask;
        }

        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>A short plain-text answer (<c>ok</c>, <c>stale</c>, …) followed by a newline, as leanpoint writes it.</summary>
    public static Task WriteTextAsync(HttpContext context, int statusCode, string word) =>
        WriteAsync(context, statusCode, Text, Encoding.UTF8.GetBytes(word + "\n"));
}
