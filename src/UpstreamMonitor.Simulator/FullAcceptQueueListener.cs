using System.Net;
using System.Net.Sockets;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// A listening socket that never accepts, with its accept queue filled by our own idle connections: the kernel then
/// drops new SYNs, so a caller's <c>connect</c> hangs until its own timeout, the fault that a real overloaded node shows.
/// </summary>
internal sealed class FullAcceptQueueListener : IDisposable
{
    private const int MaxFillers = 16;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(250);

    private readonly Socket _listener;
    private readonly List<Socket> _fillers = [];

    private FullAcceptQueueListener(Socket listener) => _listener = listener;

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Binds 127.0.0.1 on an ephemeral port and connects fillers until a connect no longer completes.</summary>
    public static async Task<FullAcceptQueueListener> StartAsync(CancellationToken cancellationToken)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var queue = new FullAcceptQueueListener(listener);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(0);
            for (var i = 0; i < MaxFillers; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                probe.CancelAfter(ProbeTimeout);
                try
                {
                    await filler.ConnectAsync(listener.LocalEndPoint!, probe.Token);
                    queue._fillers.Add(filler);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // This connect hung: the queue is full. Drop the pending attempt; the queued fillers keep it full.
                    filler.Dispose();
                    return queue;
                }
                catch
                {
                    filler.Dispose();
                    throw;
                }
            }

            return queue;
        }
        catch
        {
            queue.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _fillers.Clear();
        _listener.Dispose();
    }
}
