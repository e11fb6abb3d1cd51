using System.Net;
using System.Net.Sockets;
using System.Text;
using UpstreamMonitor.Benchmarks.Load;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Rigs;

/// <summary>
/// The rig's own floor for a round: the same nodes asked the same fork-choice question at the same concurrency by a
/// client that does nothing else. One keep-alive socket per node, a fixed request, a scan for the end of the response:
/// no HTTP stack, no parsing, no timers, no round bookkeeping. Whatever it takes beyond ceil(N / C) × L belongs to the
/// machine (loopback TCP, thread wake-ups) and to the devnet (Kestrel, the simulated latency), not to the monitor.
/// </summary>
internal sealed class RawExchangeFloor : IDisposable
{
    private readonly Connection[] _connections;

    private RawExchangeFloor(Connection[] connections) => _connections = connections;

    public static async Task<RawExchangeFloor> OpenAsync(IReadOnlyList<UpstreamDefinition> upstreams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        var connections = new List<Connection>(upstreams.Count);
        try
        {
            foreach (var upstream in upstreams)
            {
                connections.Add(await Connection.OpenAsync(UpstreamRequestTarget.For(upstream).UriOf(LeanApiRoute.ForkChoice), cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            connections.ForEach(c => c.Dispose());
            throw;
        }

        return new RawExchangeFloor([.. connections]);
    }

    /// <summary>
    /// One round: every node asked once, at most <paramref name="concurrency"/> at a time, the next question sent the
    /// moment an answer completes (as the monitor's gate does). Throws if any node answers other than 200.
    /// </summary>
    public async Task<TimeSpan> RunRoundAsync(int concurrency, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        var next = -1;
        var lanes = new Task[Math.Min(concurrency, _connections.Length)];
        for (var i = 0; i < lanes.Length; i++)
        {
            // Each lane runs inline to its first await, so the questions leave one after another as the monitor's do.
            lanes[i] = LaneAsync();
        }

        await Task.WhenAll(lanes).ConfigureAwait(false);
        return time.GetElapsedTime(started);

        async Task LaneAsync()
        {
            // A lane reads one answer at a time, so its buffer serves every connection it uses (10,000 nodes stay cheap).
            var scanner = new HttpResponseScanner();
            var buffer = new byte[16 * 1024];
            int index;
            while ((index = Interlocked.Increment(ref next)) < _connections.Length)
            {
                await _connections[index].ExchangeAsync(scanner, buffer, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Opens the floor over <paramref name="upstreams"/>, runs one cold round, then the median of <paramref name="rounds"/> warm ones (ms).</summary>
    public static async Task<double> MedianWarmRoundAsync(
        IReadOnlyList<UpstreamDefinition> upstreams, int concurrency, int rounds, TimeProvider time, CancellationToken cancellationToken)
    {
        using var floor = await OpenAsync(upstreams, cancellationToken).ConfigureAwait(false);
        await floor.RunRoundAsync(concurrency, time, cancellationToken).ConfigureAwait(false);
        var samples = new List<double>(rounds);
        for (var r = 0; r < rounds; r++)
        {
            samples.Add((await floor.RunRoundAsync(concurrency, time, cancellationToken).ConfigureAwait(false)).TotalMilliseconds);
        }

        return Measurement.SampleSummary.Of(samples).Median;
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private sealed class Connection : IDisposable
    {
        private readonly Socket _socket;
        private readonly byte[] _request;

        private Connection(Socket socket, byte[] request)
        {
            _socket = socket;
            _request = request;
        }

        public static async Task<Connection> OpenAsync(Uri target, CancellationToken cancellationToken)
        {
            // The question the monitor asks, minus what only a real client needs (no Authorization on the rig's nodes).
            var request = Encoding.ASCII.GetBytes(
                $"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nAccept: application/json\r\n\r\n");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new DnsEndPoint(target.Host, target.Port), cancellationToken).ConfigureAwait(false);
                return new Connection(socket, request);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public async Task ExchangeAsync(HttpResponseScanner scanner, byte[] buffer, CancellationToken cancellationToken)
        {
            await _socket.SendAsync(_request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            scanner.Reset();
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    throw new InvalidDataException("The node closed the connection before its answer was complete.");
                }

                if (scanner.Feed(buffer.AsSpan(0, received)))
                {
                    break;
                }
            }

            if (scanner.StatusCode != (int)HttpStatusCode.OK)
            {
                throw new InvalidDataException($"The node answered the fork choice with HTTP {scanner.StatusCode}, not 200: the floor measures successful exchanges only.");
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}
