using System.Collections.Concurrent;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// When each published round started and finished, so a scenario can ask which rounds ran entirely inside a load
/// window and how long they took against the ideal.
/// </summary>
internal sealed class RoundTimeline
{
    private readonly ConcurrentQueue<(DateTimeOffset Started, DateTimeOffset Finished)> _rounds = new();
    private readonly TimeProvider _time;

    public RoundTimeline(IMonitorSnapshotSource snapshots, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        _time = time;
        snapshots.Published += snapshot =>
        {
            if (snapshot.LastRound is { } round)
            {
                var finished = _time.GetUtcNow();
                _rounds.Enqueue((finished - round.Duration, finished));
            }
        };
    }

    public int Count => _rounds.Count;

    /// <summary>Durations (ms) of the rounds that started and finished inside [from, to].</summary>
    public List<double> Between(DateTimeOffset from, DateTimeOffset to) =>
        [.. _rounds.Where(r => r.Started >= from && r.Finished <= to).Select(r => (r.Finished - r.Started).TotalMilliseconds)];

    public async Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        while (_rounds.Count < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public static double MedianRatio(List<double> roundsMs, TimeSpan ideal) =>
        roundsMs.Count == 0 ? double.NaN : SampleSummary.Of(roundsMs).Median / ideal.TotalMilliseconds;
}
