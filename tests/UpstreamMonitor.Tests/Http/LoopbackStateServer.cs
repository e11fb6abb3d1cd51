using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UpstreamMonitor.Tests.Http;

/// <summary>
/// A raw HTTP server on 127.0.0.1 that answers every request with a binary body: either fixed bytes, or an endless
/// stream with no Content-Length (until the client goes away). Counts the body bytes it managed to write.
/// </summary>
internal sealed class LoopbackStateServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[]? _body;
    private readonly long _streamBytes;
    private readonly Task _accepting;
    private long _written;

    private LoopbackStateServer(byte[]? body, long streamBytes)
    {
        _body = body;
        _streamBytes = streamBytes;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public long BodyBytesWritten => Interlocked.Read(ref _written);

    public static LoopbackStateServer Serving(byte[] body) => new(body, 0);

    /// <summary>Streams up to <paramref name="bytes"/> without announcing a length.</summary>
    public static LoopbackStateServer Streaming(long bytes) => new(null, bytes);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var request = new StringBuilder();
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var length = _body is null ? string.Empty : $"Content-Length: {_body.Length}\r\n";
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n{length}Connection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                if (_body is not null)
                {
                    await stream.WriteAsync(_body, _stop.Token);
                    Interlocked.Add(ref _written, _body.Length);
                    return;
                }

                var chunk = new byte[64 * 1024];
                chunk.AsSpan().Fill(0x5A);
                for (long sent = 0; sent < _streamBytes; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk, _stop.Token);
                    Interlocked.Add(ref _written, chunk.Length);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client hung up: that is what a bounded reader does with an oversized body.
            }
        }
    }
}
