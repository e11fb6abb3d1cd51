namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// Samples RSS and the managed heap on a timer while a measured section runs and keeps the peaks. Cheap enough
/// (one /proc read per tick) not to disturb what it measures at a 20 ms period.
/// </summary>
internal sealed class PeakSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakResident;
    private long _peakManaged;

    public PeakSampler(TimeProvider timeProvider, TimeSpan period)
    {
        Sample();
        _loop = RunAsync(timeProvider, period, _stop.Token);
    }

    public long PeakResidentBytes => Interlocked.Read(ref _peakResident);

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal way out.
        }

        Sample();
        _stop.Dispose();
    }

    private async Task RunAsync(TimeProvider timeProvider, TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Sample();
        }
    }

    private void Sample()
    {
        var footprint = ProcessFootprint.Capture();
        Max(ref _peakResident, footprint.ResidentBytes);
        Max(ref _peakManaged, footprint.ManagedHeapBytes);
    }

    private static void Max(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
