using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>What a <see cref="LoopbackFaultServer"/> does with one accepted connection.</summary>
internal delegate Task FaultBehavior(FaultConnection connection, CancellationToken cancellationToken);

/// <summary>
/// A raw-socket HTTP/1.1 "node" on loopback that misbehaves on purpose: it plays one <see cref="FaultBehavior"/> per
/// accepted connection, or (<see cref="StartWithFullAcceptQueueAsync"/>) never accepts at all so connect itself hangs.
/// Raw sockets, not Kestrel, because most faults (stalls, resets, endless bodies) are things a real server won't do.
/// </summary>
internal sealed class LoopbackFaultServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly FaultBehavior? _behavior;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    private LoopbackFaultServer(Socket listener, FaultBehavior? behavior, X509Certificate2? certificate)
    {
        _listener = listener;
        _behavior = behavior;
        _certificate = certificate;
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        Port = endpoint.Port;
        var scheme = certificate is null ? "http" : "https";
        var host = endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        BaseUrl = new Uri($"{scheme}://{host}:{Port}/");
        _acceptLoop = behavior is null ? Task.CompletedTask : AcceptLoopAsync();
    }

    public Uri BaseUrl { get; }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>The request heads (request line and headers) received, in arrival order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Starts a server on 127.0.0.1 (or <paramref name="address"/>, which must be a loopback address).</summary>
    public static LoopbackFaultServer Start(FaultBehavior behavior, IPAddress? address = null, X509Certificate2? tlsCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        address ??= IPAddress.Loopback;
        if (!IPAddress.IsLoopback(address))
        {
            throw new ArgumentException("Fault servers listen on loopback only.", nameof(address));
        }

        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen(512);
        return new LoopbackFaultServer(listener, behavior, tlsCertificate);
    }

    /// <summary>
    /// A listening socket with backlog 1 that never accepts, pre-filled with connections until a new SYN is dropped:
    /// a client's connect then hangs in SYN_SENT, like a node whose process is wedged but whose port is still open.
    /// </summary>
    public static async Task<LoopbackFaultServer> StartWithFullAcceptQueueAsync(CancellationToken cancellationToken = default)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var server = new LoopbackFaultServer(listener, behavior: null, certificate: null);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(TimeSpan.FromMilliseconds(250));
            try
            {
                await filler.ConnectAsync(endpoint, attemptTimeout.Token);
                server._sockets.Add(filler);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This SYN was dropped: the queue is full from here on.
                filler.Dispose();
                return server;
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("The accept queue never filled; the kernel accepted 16 connections into backlog 1.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        try
        {
            await Task.WhenAll([_acceptLoop, .. _connections]).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
            // A behavior interrupted by the shutdown: expected.
        }

        _stop.Dispose();
    }

    internal void RecordRequest(string head) => _requests.Enqueue(head);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _sockets.Add(socket);
            _connections.Add(Task.Run(() => ServeAsync(socket)));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (_certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = _certificate },
                    _stop.Token);
            }

            await _behavior!(new FaultConnection(this, socket, stream), _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException
                                       or System.Security.Authentication.AuthenticationException)
        {
            // The client gave up (timeout, TLS rejection) or the server is stopping: both are the point of the exercise.
        }
        finally
        {
            await stream.DisposeAsync();
            socket.Dispose();
        }
    }
}

/// <summary>One accepted connection, as a <see cref="FaultBehavior"/> sees it.</summary>
internal sealed class FaultConnection(LoopbackFaultServer server, Socket socket, Stream stream)
{
    public Socket Socket { get; } = socket;

    public Stream Stream { get; } = stream;

    /// <summary>Reads one request head (up to the blank line) and records it; null when the client closed first.</summary>
    public async Task<string?> ReadRequestHeadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await Stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.Latin1.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var head = text[..end];
                server.RecordRequest(head);
                return head;
            }
        }

        throw new IOException("Request head larger than 16 KiB.");
    }

    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await Stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await Stream.FlushAsync(cancellationToken);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await Stream.WriteAsync(bytes, cancellationToken);
        await Stream.FlushAsync(cancellationToken);
    }

    /// <summary>Aborts with a TCP RST (linger 0) instead of an orderly FIN.</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(enable: true, seconds: 0);
        Socket.Close();
    }

    /// <summary>Holds the connection open, saying nothing, until the server stops.</summary>
    public static Task HoldAsync(CancellationToken cancellationToken) =>
        Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
}
