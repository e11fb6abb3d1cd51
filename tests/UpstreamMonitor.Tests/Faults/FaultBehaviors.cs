using System.Globalization;
using System.Text;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>The catalogue of ways a node can misbehave, each a <see cref="FaultBehavior"/> for <see cref="LoopbackFaultServer"/>.</summary>
internal static class FaultBehaviors
{
    /// <summary>Accepts the connection, reads the request, never answers.</summary>
    public static FaultBehavior AcceptNoAnswer { get; } = async (connection, ct) =>
    {
        await connection.ReadRequestHeadAsync(ct);
        await FaultConnection.HoldAsync(ct);
    };

    /// <summary>Sends 200 headers promising a body, one byte of it, then nothing.</summary>
    public static FaultBehavior HeadersThenStalledBody { get; } = async (connection, ct) =>
    {
        await connection.ReadRequestHeadAsync(ct);
        await connection.WriteAsync(Head(200, "OK", "application/json", contentLength: 4096) + "{", ct);
        await FaultConnection.HoldAsync(ct);
    };

    /// <summary>Sends a valid fork choice one byte a second: every read makes progress, the whole never arrives in time.</summary>
    public static FaultBehavior TrickledBody { get; } = async (connection, ct) =>
    {
        await connection.ReadRequestHeadAsync(ct);
        var body = Encoding.UTF8.GetBytes(ForkChoiceBodies.Valid());
        await connection.WriteAsync(Head(200, "OK", "application/json", body.Length), ct);
        for (var i = 0; i < body.Length; i++)
        {
            await connection.WriteAsync(body.AsMemory(i, 1), ct);
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, ct);
        }
    };

    /// <summary>Sends headers and half of the promised body, then aborts with a TCP reset.</summary>
    public static FaultBehavior ResetMidBody { get; } = async (connection, ct) =>
    {
        await connection.ReadRequestHeadAsync(ct);
        var body = ForkChoiceBodies.Valid();
        await connection.WriteAsync(Head(200, "OK", "application/json", Encoding.UTF8.GetByteCount(body)) + body[..(body.Length / 2)], ct);

        // Give the client a moment to start reading the body, so the reset lands mid-body rather than before the head.
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, ct);
        connection.Reset();
    };

    /// <summary>
    /// A chunked JSON body that never ends: an opening <c>{"nodes":[</c>, then the same node object forever, as fast as
    /// the client reads. Only a bounded read stops it.
    /// </summary>
    public static FaultBehavior EndlessChunkedBody(Action<long>? bytesSent = null) => async (connection, ct) =>
    {
        await connection.ReadRequestHeadAsync(ct);
        await connection.WriteAsync(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", ct);
        var node = "{\"root\":\"" + ForkChoiceBodies.RootA + "\",\"slot\":36,\"parent_root\":\"" + ForkChoiceBodies.RootA + "\",\"weight\":1},";
        var payload = new StringBuilder("{\"nodes\":[");
        while (payload.Length < 60 * 1024)
        {
            payload.Append(node);
        }

        var first = Chunk(payload.ToString());
        var repeated = Chunk(string.Concat(Enumerable.Repeat(node, (60 * 1024) / node.Length)));
        long sent = first.Length;
        await connection.WriteAsync(first, ct);
        while (!ct.IsCancellationRequested)
        {
            await connection.WriteAsync(repeated, ct);
            sent += repeated.Length;
            bytesSent?.Invoke(sent);
        }
    };

    /// <summary>Answers every request with a fixed status, content type and body, then closes.</summary>
    public static FaultBehavior Respond(int status, string contentType, string body, params (string Name, string Value)[] headers) =>
        async (connection, ct) =>
        {
            if (await connection.ReadRequestHeadAsync(ct) is null)
            {
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            var head = Head(status, ReasonPhrase(status), contentType, bytes.Length, headers);
            await connection.WriteAsync(Encoding.UTF8.GetBytes(head).Concat(bytes).ToArray(), ct);
            connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        };

    /// <summary>A JSON 200 with the given body.</summary>
    public static FaultBehavior Json(string body) => Respond(200, "application/json", body);

    /// <summary>A redirect to <paramref name="location"/> (never followed by the monitor).</summary>
    public static FaultBehavior Redirect(int status, Uri location) =>
        Respond(status, "text/plain", "moved", ("Location", location.IsAbsoluteUri ? location.AbsoluteUri : location.OriginalString));

    private static string Head(int status, string reason, string contentType, long contentLength, params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return head.Append("\r\n").ToString();
    }

    private static byte[] Chunk(string data)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        var prefix = Encoding.ASCII.GetBytes(bytes.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        return [.. prefix, .. bytes, (byte)'\r', (byte)'\n'];
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
