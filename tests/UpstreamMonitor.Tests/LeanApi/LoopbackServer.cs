using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UpstreamMonitor.Tests.LeanApi;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 for faults WireMock cannot script (no answer, stalled or reset bodies, endless
/// bodies). Each accepted connection runs the handler; bytes the handler sends are counted server-side.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private long _bytesWritten;

    public LoopbackServer(Func<Socket, LoopbackServer, CancellationToken, Task> handle)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(handle);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Completes when every connection accepted so far has been handled.</summary>
    public Task ConnectionsCompleted
    {
        get
        {
            lock (_connections)
            {
                return Task.WhenAll(_connections);
            }
        }
    }

    public async Task SendAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            Interlocked.Add(ref _bytesWritten, sent);
            data = data[sent..];
        }
    }

    public Task SendAsync(Socket socket, string text, CancellationToken cancellationToken) =>
        SendAsync(socket, Encoding.ASCII.GetBytes(text), cancellationToken);

    /// <summary>Reads the request line and headers (up to the blank line) and returns them.</summary>
    public static async Task<string> ReadRequestHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
            await ConnectionsCompleted.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or TimeoutException)
        {
            // Handlers end by cancellation or a closed peer.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<Socket, LoopbackServer, CancellationToken, Task> handle)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(HandleAsync(socket, handle));
            }
        }
    }

    private async Task HandleAsync(Socket socket, Func<Socket, LoopbackServer, CancellationToken, Task> handle)
    {
        using (socket)
        {
            try
            {
                await handle(socket, this, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // The client went away (as the prefix reader does on purpose) or the server is stopping.
            }
        }
    }
}
