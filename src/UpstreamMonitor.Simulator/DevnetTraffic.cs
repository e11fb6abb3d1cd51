namespace UpstreamMonitor.Simulator;

/// <summary>Requests and response body bytes of one route (or of all), counted on the server side.</summary>
public readonly record struct RouteTraffic(long Requests, long BytesWritten);

/// <summary>
/// Server-side traffic counters: per route, per node, and the current and peak number of requests in flight and
/// connections open (benchmarks compare polling strategies by those peaks). Bytes are response body bytes handed to
/// the server, so a prefix read of a large state shows up as a few KiB, a full download as the whole state.
/// </summary>
public sealed class DevnetTraffic
{
    private readonly long[] _requests = new long[LeanRoutes.Count];
    private readonly long[] _bytes = new long[LeanRoutes.Count];
    private readonly long[] _nodeRequests;
    private int _inFlight;
    private int _peakInFlight;
    private int _connections;
    private int _peakConnections;

    internal DevnetTraffic(int nodeCount) => _nodeRequests = new long[nodeCount];

    public RouteTraffic this[LeanRoute route] =>
        new(Interlocked.Read(ref _requests[(int)route]), Interlocked.Read(ref _bytes[(int)route]));

    /// <summary>All routes together.</summary>
    public RouteTraffic Total
    {
        get
        {
            long requests = 0, bytes = 0;
            for (var i = 0; i < LeanRoutes.Count; i++)
            {
                requests += Interlocked.Read(ref _requests[i]);
                bytes += Interlocked.Read(ref _bytes[i]);
            }

            return new RouteTraffic(requests, bytes);
        }
    }

    public int InFlightRequests => Volatile.Read(ref _inFlight);

    public int PeakInFlightRequests => Volatile.Read(ref _peakInFlight);

    public int OpenConnections => Volatile.Read(ref _connections);

    public int PeakOpenConnections => Volatile.Read(ref _peakConnections);

    /// <summary>Requests a node received (every route, every persona, hung ones included).</summary>
    public long RequestsTo(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Interlocked.Read(ref _nodeRequests[node.Index]);
    }

    /// <summary>Zeroes the counters and lowers the peaks to the current values, e.g. between benchmark phases.</summary>
    public void Reset()
    {
        for (var i = 0; i < LeanRoutes.Count; i++)
        {
            Interlocked.Exchange(ref _requests[i], 0);
            Interlocked.Exchange(ref _bytes[i], 0);
        }

        for (var i = 0; i < _nodeRequests.Length; i++)
        {
            Interlocked.Exchange(ref _nodeRequests[i], 0);
        }

        Volatile.Write(ref _peakInFlight, InFlightRequests);
        Volatile.Write(ref _peakConnections, OpenConnections);
    }

    internal void RequestStarted(LeanRoute route, int nodeIndex)
    {
        Interlocked.Increment(ref _requests[(int)route]);
        Interlocked.Increment(ref _nodeRequests[nodeIndex]);
        RaisePeak(ref _peakInFlight, Interlocked.Increment(ref _inFlight));
    }

    internal void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    internal void BytesWritten(LeanRoute route, long count) => Interlocked.Add(ref _bytes[(int)route], count);

    internal void ConnectionOpened() => RaisePeak(ref _peakConnections, Interlocked.Increment(ref _connections));

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    private static void RaisePeak(ref int peak, int value)
    {
        var seen = Volatile.Read(ref peak);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref peak, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
