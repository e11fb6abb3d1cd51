using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>What an open-loop run measured; latencies are from each request's intended start.</summary>
internal sealed record OpenLoopResult(
    double TargetRate,
    double AchievedRate,
    long Requests,
    long Non2xx,
    long Errors,
    TimeSpan P50,
    TimeSpan P90,
    TimeSpan P99,
    TimeSpan P999,
    TimeSpan Max,
    TimeSpan DispatchLagP50,
    TimeSpan DispatchLagP99,
    int PeakQueued);

/// <summary>
/// An open-loop load generator in the manner of wrk2: requests start on a fixed schedule (one every 1/rate seconds)
/// whether or not earlier ones have answered, and each latency is measured from the request's intended start, not its
/// actual send. A server that stalls for 100 ms therefore shows 100 ms of queueing in every request scheduled during
/// the stall, which a closed-loop tool such as wrk hides (coordinated omission).
/// </summary>
/// <remarks>
/// So that the generator adds as little of its own latency as it can: a dedicated thread sleeps to each intended start
/// with <see cref="DispatchClock"/> (not the timer queue); the connections are opened before the schedule starts and
/// kept alive; a request is one pre-encoded HTTP/1.1 GET written straight to the socket and its response is framed by
/// Content-Length (<see cref="HttpResponseScanner"/>), with no HttpClient, headers collection or body buffer per request.
/// A request due while every connection is busy waits in a queue, and that wait counts against the server.
/// </remarks>
internal sealed class OpenLoopLoad(TimeProvider time)
{
    /// <summary>How long after the last intended start the answers still due are awaited before they count as errors.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

    public async Task<OpenLoopResult> RunAsync(Uri target, double ratePerSecond, TimeSpan duration, int connections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(connections);
        if (target.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"The generator speaks plain HTTP/1.1 only, not {target.Scheme}.", nameof(target));
        }

        var total = (long)Math.Ceiling(ratePerSecond * duration.TotalSeconds);
        var request = Encoding.ASCII.GetBytes($"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\n\r\n");
        var run = new Schedule(time, total);
        var opened = new List<LoadConnection>(connections);
        try
        {
            for (var i = 0; i < connections; i++)
            {
                opened.Add(await LoadConnection.OpenAsync(target, request, run, cancellationToken).ConfigureAwait(false));
            }

            foreach (var connection in opened)
            {
                run.Release(connection);
                connection.StartReading(cancellationToken);
            }

            var start = time.GetTimestamp();
            var interval = time.TimestampFrequency / ratePerSecond;
            var dispatcher = new Thread(() => run.Dispatch(start, interval, cancellationToken))
            {
                IsBackground = true,
                Name = "open-loop dispatch",
            };
            dispatcher.Start();
            try
            {
                await run.Completed.WaitAsync(duration + Drain, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                run.AbandonOutstanding();
            }

            dispatcher.Join();
            var elapsed = time.GetElapsedTime(start);
            return run.Result(ratePerSecond, total / elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var connection in opened)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>The shared state of one run: idle connections, requests due while none was idle, and the histograms.</summary>
    private sealed class Schedule(TimeProvider time, long total)
    {
        private readonly Lock _sync = new();
        private readonly Stack<LoadConnection> _idle = new();
        private readonly Queue<long> _queued = new();
        private readonly LatencyHistogram _latency = new();
        private readonly LatencyHistogram _dispatchLag = new();
        private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _finished;
        private long _non2xx;
        private long _errors;
        private int _peakQueued;
        private bool _abandoned;

        public Task Completed => _completed.Task;

        /// <summary>The dispatch thread: sleep to each intended start, then hand the request to an idle connection or queue it.</summary>
        public void Dispatch(long start, double interval, CancellationToken cancellationToken)
        {
            for (long sent = 0; sent < total && !cancellationToken.IsCancellationRequested; sent++)
            {
                var intended = start + (long)(sent * interval);
                DispatchClock.SleepUntil(time, intended);
                _dispatchLag.Record(time.GetElapsedTime(intended));
                LoadConnection? connection;
                lock (_sync)
                {
                    if (!_idle.TryPop(out connection))
                    {
                        _queued.Enqueue(intended);
                        _peakQueued = Math.Max(_peakQueued, _queued.Count);
                    }
                }

                connection?.Send(intended);
            }
        }

        /// <summary>A connection's answer is complete (or it failed): record it, then give the connection the next queued request.</summary>
        public void Finish(LoadConnection connection, long intended, int statusCode)
        {
            if (intended < 0)
            {
                throw new InvalidDataException("A response arrived on a connection with no request on it.");
            }

            var latency = time.GetElapsedTime(intended);
            long next;
            lock (_sync)
            {
                _latency.Record(latency);
                if (statusCode is < 200 or >= 300)
                {
                    _non2xx++;
                }

                if (!_queued.TryDequeue(out next))
                {
                    _idle.Push(connection);
                    next = -1;
                }
            }

            CountFinished();
            if (next >= 0)
            {
                connection.Send(next);
            }
        }

        /// <summary>A connection broke with a request on it: that request is an error, the connection is out of the run.</summary>
        public void Fail(bool hadRequest)
        {
            if (!hadRequest)
            {
                return;
            }

            lock (_sync)
            {
                if (_abandoned)
                {
                    return;
                }

                _errors++;
            }

            CountFinished();
        }

        public void Release(LoadConnection connection)
        {
            lock (_sync)
            {
                _idle.Push(connection);
            }
        }

        public void AbandonOutstanding()
        {
            lock (_sync)
            {
                _abandoned = true;
                _errors += total - Interlocked.Read(ref _finished);
            }
        }

        public OpenLoopResult Result(double targetRate, double achievedRate)
        {
            lock (_sync)
            {
                return new OpenLoopResult(
                    targetRate,
                    achievedRate,
                    total,
                    _non2xx,
                    _errors,
                    _latency.Percentile(50),
                    _latency.Percentile(90),
                    _latency.Percentile(99),
                    _latency.Percentile(99.9),
                    TimeSpan.FromMicroseconds(_latency.MaxMicros),
                    _dispatchLag.Percentile(50),
                    _dispatchLag.Percentile(99),
                    _peakQueued);
            }
        }

        private void CountFinished()
        {
            if (Interlocked.Increment(ref _finished) == total)
            {
                _completed.TrySetResult();
            }
        }
    }

    /// <summary>One keep-alive connection: at most one request on it at a time, its response read by a receive loop.</summary>
    private sealed class LoadConnection : IDisposable
    {
        private readonly Socket _socket;
        private readonly byte[] _request;
        private readonly Schedule _schedule;
        private readonly HttpResponseScanner _scanner = new();
        private readonly byte[] _buffer = new byte[64 * 1024];
        private long _intended = -1;

        private LoadConnection(Socket socket, byte[] request, Schedule schedule)
        {
            _socket = socket;
            _request = request;
            _schedule = schedule;
        }

        public static async Task<LoadConnection> OpenAsync(Uri target, byte[] request, Schedule schedule, CancellationToken cancellationToken)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new DnsEndPoint(target.Host, target.Port), cancellationToken).ConfigureAwait(false);
                return new LoadConnection(socket, request, schedule);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>Writes the request, on the caller's thread: a few dozen bytes, which a socket takes at once.</summary>
        public void Send(long intended)
        {
            Volatile.Write(ref _intended, intended);
            try
            {
                _socket.Send(_request);
            }
            catch (SocketException)
            {
                // The receive loop sees the broken connection and counts the request as an error.
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (ObjectDisposedException)
            {
                // The run is over.
            }
        }

        public void StartReading(CancellationToken cancellationToken) => _ = ReadAsync(cancellationToken);

        public void Dispose() => _socket.Dispose();

        private async Task ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    var received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (received == 0)
                    {
                        throw new InvalidDataException("The server closed the connection.");
                    }

                    if (_scanner.Feed(_buffer.AsSpan(0, received)))
                    {
                        var status = _scanner.StatusCode;
                        _scanner.Reset();
                        var intended = Interlocked.Exchange(ref _intended, -1);
                        _schedule.Finish(this, intended, status);
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or InvalidDataException or ObjectDisposedException or OperationCanceledException)
            {
                _schedule.Fail(hadRequest: Interlocked.Exchange(ref _intended, -1) >= 0);
            }
        }
    }
}
