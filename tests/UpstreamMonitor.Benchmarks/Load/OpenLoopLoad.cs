using System.Net;

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
    TimeSpan DispatchLagP99);

/// <summary>
/// An open-loop load generator: requests start on a fixed schedule (one every 1/rate seconds) whether or not earlier
/// ones have answered, and each latency is measured from the request's intended start, not its actual send. A server
/// that stalls for 100 ms therefore shows 100 ms of queueing in every request scheduled during the stall, which a
/// closed-loop tool such as wrk hides (coordinated omission).
/// </summary>
internal sealed class OpenLoopLoad(HttpClient client, TimeProvider time)
{
    /// <summary>The dispatcher never spins: on two cores a spinning generator would take a core from the server it measures.</summary>
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);

    public async Task<OpenLoopResult> RunAsync(Uri target, double ratePerSecond, TimeSpan duration, int maxInFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInFlight);
        var total = (long)Math.Ceiling(ratePerSecond * duration.TotalSeconds);
        var interval = time.TimestampFrequency / ratePerSecond;
        var histogram = new LatencyHistogram();
        var outcomes = new Outcomes();
        using var gate = new SemaphoreSlim(maxInFlight, maxInFlight);
        var inFlight = new List<Task>(capacity: (int)Math.Min(total, 1_000_000));

        var dispatchLag = new LatencyHistogram();
        var start = time.GetTimestamp();
        for (long sent = 0; sent < total;)
        {
            // Start every request that is due, then sleep until the next one. Timers tick at about 1 ms, so a request
            // may start up to a tick late; that lag counts against the server (pessimistic) and is reported beside.
            var now = time.GetTimestamp();
            for (var intended = start + (long)(sent * interval); sent < total && intended <= now; sent++, intended = start + (long)(sent * interval))
            {
                dispatchLag.Record(Elapsed(intended, now));
                inFlight.Add(SendAsync(target, intended, gate, histogram, outcomes, cancellationToken));
            }

            if (sent < total)
            {
                var wait = Elapsed(time.GetTimestamp(), start + (long)(sent * interval));
                await Task.Delay(wait > MinimumSleep ? wait : MinimumSleep, time, cancellationToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(start);
        return new OpenLoopResult(
            ratePerSecond,
            total / elapsed.TotalSeconds,
            total,
            outcomes.Non2xx,
            outcomes.Errors,
            histogram.Percentile(50),
            histogram.Percentile(90),
            histogram.Percentile(99),
            histogram.Percentile(99.9),
            TimeSpan.FromMicroseconds(histogram.MaxMicros),
            dispatchLag.Percentile(99));
    }

    private TimeSpan Elapsed(long from, long to) => TimeSpan.FromSeconds((to - from) / (double)time.TimestampFrequency);

    private async Task SendAsync(Uri target, long intended, SemaphoreSlim gate, LatencyHistogram histogram, Outcomes outcomes, CancellationToken cancellationToken)
    {
        // Waiting for a connection slot counts: the request was due at its intended start.
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await client.GetAsync(target, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is < HttpStatusCode.OK or >= HttpStatusCode.MultipleChoices)
            {
                outcomes.AddNon2xx();
            }
        }
        catch (HttpRequestException)
        {
            outcomes.AddError();
        }
        finally
        {
            gate.Release();
        }

        var latency = Elapsed(intended, time.GetTimestamp());
        lock (histogram)
        {
            histogram.Record(latency);
        }
    }

    private sealed class Outcomes
    {
        private long _non2xx;
        private long _errors;

        public long Non2xx => Interlocked.Read(ref _non2xx);

        public long Errors => Interlocked.Read(ref _errors);

        public void AddNon2xx() => Interlocked.Increment(ref _non2xx);

        public void AddError() => Interlocked.Increment(ref _errors);
    }
}
