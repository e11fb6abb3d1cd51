namespace UpstreamMonitor.Simulator;

/// <summary>Requests and response body bytes of one route (or of all), counted on the server side.</summary>
public readonly record struct RouteTraffic(long Requests, long BytesWritten);

/// <summary>
/// What one node bore from its clients since the last reset: requests, the bytes of their request lines and headers,
/// connections opened, the most requests it had in flight at once and the longest any one of them held it; the response
/// body bytes it sent and how many fork-choice requests it answered 304 Not Modified.
/// </summary>
public readonly record struct NodeCost(
    long Requests,
    long RequestBytes,
    long ConnectionsOpened,
    int OpenConnections,
    int PeakInFlight,
    TimeSpan LongestRequest,
    long ResponseBytes = 0,
    long NotModified = 0);

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
    private readonly long[] _nodeRequestBytes;
    private readonly long[] _nodeConnectionsOpened;
    private readonly int[] _nodeOpenConnections;
    private readonly int[] _nodeInFlight;
    private readonly int[] _nodePeakInFlight;
    private readonly long[] _nodeLongestTicks;
    private readonly long[] _nodeResponseBytes;
    private readonly long[] _nodeNotModified;
    private int _inFlight;
    private int _peakInFlight;
    private int _connections;
    private int _peakConnections;

    internal DevnetTraffic(int nodeCount)
    {
        _nodeRequests = new long[nodeCount];
        _nodeRequestBytes = new long[nodeCount];
        _nodeConnectionsOpened = new long[nodeCount];
        _nodeOpenConnections = new int[nodeCount];
        _nodeInFlight = new int[nodeCount];
        _nodePeakInFlight = new int[nodeCount];
        _nodeLongestTicks = new long[nodeCount];
        _nodeResponseBytes = new long[nodeCount];
        _nodeNotModified = new long[nodeCount];
    }

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

    /// <summary>Fork-choice requests answered 304 Not Modified, every node together.</summary>
    public long NotModifiedResponses
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _nodeNotModified.Length; i++)
            {
                total += Interlocked.Read(ref _nodeNotModified[i]);
            }

            return total;
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

    /// <summary>What a node bore since the last <see cref="Reset"/>.</summary>
    public NodeCost CostOf(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var i = node.Index;
        return new NodeCost(
            Interlocked.Read(ref _nodeRequests[i]),
            Interlocked.Read(ref _nodeRequestBytes[i]),
            Interlocked.Read(ref _nodeConnectionsOpened[i]),
            Volatile.Read(ref _nodeOpenConnections[i]),
            Volatile.Read(ref _nodePeakInFlight[i]),
            TimeSpan.FromTicks(Interlocked.Read(ref _nodeLongestTicks[i])),
            Interlocked.Read(ref _nodeResponseBytes[i]),
            Interlocked.Read(ref _nodeNotModified[i]));
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
            Interlocked.Exchange(ref _nodeRequestBytes[i], 0);
            Interlocked.Exchange(ref _nodeConnectionsOpened[i], 0);
            Interlocked.Exchange(ref _nodeLongestTicks[i], 0);
            Interlocked.Exchange(ref _nodeResponseBytes[i], 0);
            Interlocked.Exchange(ref _nodeNotModified[i], 0);
            Volatile.Write(ref _nodePeakInFlight[i], Volatile.Read(ref _nodeInFlight[i]));
        }

        Volatile.Write(ref _peakInFlight, InFlightRequests);
        Volatile.Write(ref _peakConnections, OpenConnections);
    }

    internal void RequestStarted(LeanRoute route, int nodeIndex, long requestBytes)
    {
        Interlocked.Increment(ref _requests[(int)route]);
        Interlocked.Increment(ref _nodeRequests[nodeIndex]);
        Interlocked.Add(ref _nodeRequestBytes[nodeIndex], requestBytes);
        RaisePeak(ref _peakInFlight, Interlocked.Increment(ref _inFlight));
        RaisePeak(ref _nodePeakInFlight[nodeIndex], Interlocked.Increment(ref _nodeInFlight[nodeIndex]));
    }

    internal void RequestEnded(int nodeIndex, TimeSpan held)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Decrement(ref _nodeInFlight[nodeIndex]);
        RaisePeak(ref _nodeLongestTicks[nodeIndex], held.Ticks);
    }

    internal void BytesWritten(LeanRoute route, int nodeIndex, long count)
    {
        Interlocked.Add(ref _bytes[(int)route], count);
        Interlocked.Add(ref _nodeResponseBytes[nodeIndex], count);
    }

    internal void NotModified(int nodeIndex) => Interlocked.Increment(ref _nodeNotModified[nodeIndex]);

    internal void ConnectionOpened(int nodeIndex)
    {
        RaisePeak(ref _peakConnections, Interlocked.Increment(ref _connections));
        Interlocked.Increment(ref _nodeConnectionsOpened[nodeIndex]);
        Interlocked.Increment(ref _nodeOpenConnections[nodeIndex]);
    }

    internal void ConnectionClosed(int nodeIndex)
    {
        Interlocked.Decrement(ref _connections);
        Interlocked.Decrement(ref _nodeOpenConnections[nodeIndex]);
    }

    private static void RaisePeak(ref long peak, long value)
    {
        var seen = Interlocked.Read(ref peak);
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
