namespace UpstreamMonitor.History;

/// <summary>
/// Folds per-round records into what the store keeps: latency per upstream per minute (min / median / max) and
/// additive per-hour counters. Owned by the writer's single thread; memory is bounded by upstreams × samples a minute.
/// </summary>
internal sealed class HistoryAggregator
{
    /// <summary>Samples kept per upstream per minute; more only happen with sub-second rounds.</summary>
    public const int MaxSamplesPerMinute = 240;

    private const long MinuteMs = 60_000;
    private const long HourMs = 3_600_000;

    private readonly Dictionary<string, List<double>> _latency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HourCounter> _hours = new(StringComparer.Ordinal);
    private readonly List<RoundRecord> _rounds = [];
    private readonly List<UpstreamChange> _changes = [];
    private readonly List<ChainEvent> _events = [];
    private readonly List<AlertHistoryEvent> _alerts = [];
    private readonly List<LatencyMinute> _closedMinutes = [];
    private readonly List<UpstreamHour> _closedHours = [];
    private readonly List<RoundHour> _closedRoundHours = [];
    private RoundCounter _roundHour;
    private long _minute = -1;
    private long _hour = -1;
    private MonitorLastState? _monitor;
    private bool _minuteClosed;

    /// <summary>Rows waiting to be written (for the bound on a store that is down).</summary>
    public int PendingRows => _rounds.Count + _changes.Count + _events.Count + _alerts.Count;

    /// <summary>Adds an alert firing or resolution; it goes out with the next batch.</summary>
    public void AddAlert(AlertHistoryEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _alerts.Add(alert);
    }

    /// <summary>Adds one snapshot's records. Returns true when a minute closed (so the caller should flush).</summary>
    public bool Add(SnapshotRecords records)
    {
        ArgumentNullException.ThrowIfNull(records);
        _changes.AddRange(records.Changes);
        _events.AddRange(records.Events);
        _monitor = records.Monitor ?? _monitor;
        if (records.Round is not { } round)
        {
            return false;
        }

        var minute = round.AtMs - (round.AtMs % MinuteMs);
        var closed = _minute >= 0 && minute != _minute;
        if (closed)
        {
            CloseMinute();
            _minuteClosed = true;
        }

        var hour = round.AtMs - (round.AtMs % HourMs);
        if (_hour >= 0 && hour != _hour)
        {
            CloseHour();
        }

        _minute = minute;
        _hour = hour;
        _rounds.Add(round);
        _roundHour.Add(round);
        foreach (var outcome in records.Outcomes)
        {
            if (!_hours.TryGetValue(outcome.Upstream, out var counter))
            {
                counter = new HourCounter();
                _hours[outcome.Upstream] = counter;
            }

            counter.Add(outcome);
            if (outcome.LatencyMs is { } ms)
            {
                if (!_latency.TryGetValue(outcome.Upstream, out var samples))
                {
                    samples = new List<double>(16);
                    _latency[outcome.Upstream] = samples;
                }

                if (samples.Count < MaxSamplesPerMinute)
                {
                    samples.Add(ms);
                }
            }
        }

        return closed;
    }

    /// <summary>
    /// Takes everything ready to write: rounds, changes and events as they came, closed minutes, and, once a minute
    /// closed, the hour counters accumulated so far (as deltas: the store adds them to its row).
    /// </summary>
    public HistoryWriteBatch TakeBatch()
    {
        // Hour deltas go out once a minute (1000 upserts a minute, not a round); a crash loses at most that minute.
        if (_minuteClosed)
        {
            FlushHourDeltas();
            _minuteClosed = false;
        }

        var batch = new HistoryWriteBatch(
            [.. _rounds],
            [.. _changes],
            [.. _events],
            [.. _closedMinutes],
            [.. _closedHours],
            [.. _closedRoundHours],
            _monitor)
        {
            Alerts = [.. _alerts],
        };
        _alerts.Clear();
        _rounds.Clear();
        _changes.Clear();
        _events.Clear();
        _closedMinutes.Clear();
        _closedHours.Clear();
        _closedRoundHours.Clear();
        _monitor = null;
        return batch;
    }

    /// <summary>
    /// Forgets rows that cannot be written yet (the store stays down), so memory stays bounded; the live hour
    /// counters (one per upstream) keep accumulating.
    /// </summary>
    public void DropPendingRows()
    {
        _alerts.Clear();
        _rounds.Clear();
        _changes.Clear();
        _events.Clear();
        _closedMinutes.Clear();
        _closedHours.Clear();
        _closedRoundHours.Clear();
    }

    private void CloseMinute()
    {
        foreach (var (upstream, samples) in _latency)
        {
            if (samples.Count == 0)
            {
                continue;
            }

            samples.Sort();
            var median = samples.Count % 2 == 1
                ? samples[samples.Count / 2]
                : (samples[(samples.Count / 2) - 1] + samples[samples.Count / 2]) / 2;
            _closedMinutes.Add(new LatencyMinute(upstream, _minute, samples[0], median, samples[^1], samples.Count));
            samples.Clear();
        }
    }

    private void CloseHour()
    {
        FlushHourDeltas();
        _minuteClosed = true;
    }

    /// <summary>Takes everything now, hour deltas included (on shutdown, in tests).</summary>
    public HistoryWriteBatch TakeAll()
    {
        _minuteClosed = true;
        return TakeBatch();
    }

    private void FlushHourDeltas()
    {
        if (_hour < 0)
        {
            return;
        }

        foreach (var (upstream, counter) in _hours)
        {
            if (counter.Rounds > 0)
            {
                _closedHours.Add(counter.ToRow(upstream, _hour));
                counter.Reset();
            }
        }

        if (_roundHour.Rounds > 0)
        {
            _closedRoundHours.Add(_roundHour.ToRow(_hour));
            _roundHour = default;
        }
    }

    private sealed class HourCounter
    {
        private int _rounds;
        private int _ok;
        private double? _min;
        private double? _max;
        private double _sum;
        private int _count;

        public int Rounds => _rounds;

        public void Add(UpstreamRoundOutcome outcome)
        {
            _rounds++;
            if (outcome.Ok)
            {
                _ok++;
            }

            if (outcome.LatencyMs is { } ms)
            {
                _min = _min is { } min ? Math.Min(min, ms) : ms;
                _max = _max is { } max ? Math.Max(max, ms) : ms;
                _sum += ms;
                _count++;
            }
        }

        public UpstreamHour ToRow(string upstream, long hour) => new(upstream, hour, _rounds, _ok, _min, _max, _sum, _count);

        public void Reset()
        {
            _rounds = 0;
            _ok = 0;
            _min = null;
            _max = null;
            _sum = 0;
            _count = 0;
        }
    }

    private struct RoundCounter
    {
        public int Rounds;
        private int _consensus;
        private long? _finalized;
        private long? _justified;
        private long? _head;
        private long _durationSum;

        public void Add(RoundRecord round)
        {
            Rounds++;
            _consensus += round.HasConsensus ? 1 : 0;
            _finalized = Max(_finalized, round.Finalized?.Slot);
            _justified = Max(_justified, round.Justified?.Slot);
            _head = Max(_head, round.Head?.Slot);
            _durationSum += round.DurationMs;
        }

        public readonly RoundHour ToRow(long hour) => new(hour, Rounds, _consensus, _finalized, _justified, _head, _durationSum);

        private static long? Max(long? a, long? b) => a is { } x && b is { } y ? Math.Max(x, y) : a ?? b;
    }
}
