using Prometheus;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Http.Metrics;

/// <summary>
/// The Prometheus metrics, in a private registry. A snapshot observer: updated from each published snapshot on its own
/// lane (a few dictionary lookups per upstream); time-dependent, checkpoint and observer values are read at scrape time.
/// </summary>
internal sealed class MonitorMetrics : ISnapshotObserver
{
    private static readonly string[] UpstreamLabels = ["upstream", "client"];

    private readonly IMonitorSnapshotSource _source;
    private readonly IFinalizedStateCache _stateCache;
    private readonly CheckpointSyncStatistics _syncStatistics;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UpstreamSeries> _upstreams = new(StringComparer.Ordinal);
    private long _lastRoundObserved;

    private readonly Gauge _justifiedSlot;
    private readonly Gauge _finalizedSlot;
    private readonly Gauge _lastSuccessMs;
    private readonly Gauge _lastUpdatedMs;
    private readonly Gauge _lastLatencyMs;
    private readonly Counter _errorTotal;

    private readonly Gauge _up;
    private readonly Gauge _headSlot;
    private readonly Gauge _upstreamJustifiedSlot;
    private readonly Gauge _upstreamFinalizedSlot;
    private readonly Histogram _pollDuration;
    private readonly Counter _upstreamErrors;
    private readonly Counter _upstreamNotModified;

    private readonly Histogram _roundDuration;
    private readonly Counter _rounds;
    private readonly Counter _abandoned;
    private readonly Counter _skipped;
    private readonly Gauge _gateInFlight;
    private readonly Gauge _hasFinality;
    private readonly Gauge _stale;
    private readonly Gauge _configured;
    private readonly Gauge _responding;
    private readonly Gauge _consensusHeadSlot;
    private readonly Counter _finalityRegressions;

    private readonly Gauge _stateBytes;
    private readonly Gauge _stateSlot;
    private readonly Counter _downloads;
    private readonly Counter _requests;
    private readonly Counter _servedBytes;

    private readonly SnapshotObservers _observers;
    private readonly Counter _observerDropped;
    private readonly Counter _observerFailed;

    public MonitorMetrics(
        IMonitorSnapshotSource source,
        IFinalizedStateCache stateCache,
        CheckpointSyncStatistics syncStatistics,
        TimeProvider timeProvider,
        SnapshotObservers? observers = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _observers = observers ?? SnapshotObservers.None;
        _stateCache = stateCache;
        _syncStatistics = syncStatistics;
        _timeProvider = timeProvider;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        // leanpoint's names and meanings, unchanged, so existing dashboards and alerts keep working.
        _justifiedSlot = factory.CreateGauge("leanpoint_justified_slot", "Latest justified slot.");
        _finalizedSlot = factory.CreateGauge("leanpoint_finalized_slot", "Latest finalized slot.");
        _lastSuccessMs = factory.CreateGauge("leanpoint_last_success_timestamp_ms", "Last successful poll time (ms since epoch).");
        _lastUpdatedMs = factory.CreateGauge("leanpoint_last_updated_timestamp_ms", "Last update time (ms since epoch).");
        _lastLatencyMs = factory.CreateGauge("leanpoint_last_latency_ms", "Last poll latency in milliseconds (duration of the latest round).");
        _errorTotal = factory.CreateCounter("leanpoint_error_total", "Total poll errors (rounds without consensus).");

        _up = factory.CreateGauge("upstream_monitor_upstream_up", "1 when the upstream's latest poll succeeded, else 0.", UpstreamLabels);
        _headSlot = factory.CreateGauge("upstream_monitor_upstream_head_slot", "The upstream's head slot.", UpstreamLabels);
        _upstreamJustifiedSlot = factory.CreateGauge("upstream_monitor_upstream_justified_slot", "The upstream's latest justified slot.", UpstreamLabels);
        _upstreamFinalizedSlot = factory.CreateGauge("upstream_monitor_upstream_finalized_slot", "The upstream's latest finalized slot.", UpstreamLabels);
        _pollDuration = factory.CreateHistogram("upstream_monitor_upstream_poll_duration_seconds", "Wall time of one upstream's poll job.", new HistogramConfiguration
        {
            LabelNames = UpstreamLabels,
            // Few buckets: this histogram is multiplied by the upstream count (1,000 on large devnets).
            Buckets = [0.005, 0.025, 0.1, 0.25, 1, 2.5, 5],
        });
        _upstreamErrors = factory.CreateCounter("upstream_monitor_upstream_errors_total", "Failed polls of the upstream since start.", UpstreamLabels);
        _upstreamNotModified = factory.CreateCounter(
            "upstream_monitor_upstream_fork_choice_not_modified_total",
            "Fork-choice polls of the upstream answered 304 Not Modified (the kept answer reused) since start.",
            UpstreamLabels);

        _roundDuration = factory.CreateHistogram("upstream_monitor_round_duration_seconds", "Wall time of one poll round.", new HistogramConfiguration
        {
            Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
        });
        _rounds = factory.CreateCounter("upstream_monitor_rounds_total", "Poll rounds finished.");
        _abandoned = factory.CreateCounter("upstream_monitor_round_jobs_abandoned_total", "Poll jobs cancelled at the round deadline.");
        _skipped = factory.CreateCounter("upstream_monitor_round_jobs_skipped_total", "Upstreams not dispatched before the round deadline.");
        _gateInFlight = factory.CreateGauge("upstream_monitor_gate_in_flight", "Gate slots held by poll jobs of earlier rounds at publication.");
        _hasFinality = factory.CreateGauge("upstream_monitor_has_finality", "1 when the latest round reached a finalized majority, else 0.");
        _stale = factory.CreateGauge("upstream_monitor_stale", "1 when the last finalized consensus is older than the stale threshold, else 0.");
        _configured = factory.CreateGauge("upstream_monitor_upstreams", "Configured upstreams.");
        _responding = factory.CreateGauge("upstream_monitor_upstreams_responding", "Upstreams that answered in the latest round.");
        _consensusHeadSlot = factory.CreateGauge("upstream_monitor_consensus_head_slot", "Head slot of the latest consensus head.");
        _finalityRegressions = factory.CreateCounter(
            "upstream_monitor_finality_regressions_total", "Rounds whose finalized consensus moved below the one published before (published and flagged).");

        _stateBytes = factory.CreateGauge("upstream_monitor_checkpoint_state_bytes", "Size of the cached finalized state served for checkpoint sync.");
        _stateSlot = factory.CreateGauge("upstream_monitor_checkpoint_state_slot", "Slot of the cached finalized state.");
        _downloads = factory.CreateCounter("upstream_monitor_checkpoint_state_downloads_total", "Finalized state downloads from upstreams, by result.", "result");
        _requests = factory.CreateCounter("upstream_monitor_checkpoint_state_requests_total", "Requests for the finalized state, by status code.", "code");
        _servedBytes = factory.CreateCounter("upstream_monitor_checkpoint_state_served_bytes_total", "Finalized state bytes sent to syncing nodes.");

        foreach (var result in CheckpointSyncStatistics.Results)
        {
            _downloads.WithLabels(result);
        }

        foreach (var code in new[] { "200", "304", "503" })
        {
            _requests.WithLabels(code);
        }

        _observerDropped = factory.CreateCounter(
            "upstream_monitor_snapshot_observer_dropped_total", "Snapshots an observer missed because it was a full lane behind.", "observer");
        _observerFailed = factory.CreateCounter(
            "upstream_monitor_snapshot_observer_failed_total", "Snapshots on which an observer threw.", "observer");
        foreach (var lane in _observers.Lanes)
        {
            _observerDropped.WithLabels(lane.Name);
            _observerFailed.WithLabels(lane.Name);
        }

        Registry.AddBeforeCollectCallback(RefreshOnScrape);
        Observe(source.Current);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Counts one finalized-state request and the bytes it sent.</summary>
    public void StateRequestServed(int statusCode, long bytes)
    {
        _requests.WithLabels(statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        if (bytes > 0)
        {
            _servedBytes.Inc(bytes);
        }
    }

    /// <summary>Applies one snapshot. Each round's histograms and totals are observed once, however often it is seen.</summary>
    public void Observe(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            var status = snapshot.Status;
            _justifiedSlot.Set(status.Chain.Justified.Slot ?? 0);
            _finalizedSlot.Set(status.Chain.Finalized.Slot ?? 0);
            _lastSuccessMs.Set(status.LastSuccess?.ToUnixTimeMilliseconds() ?? 0);
            _lastUpdatedMs.Set(status.LastUpdated?.ToUnixTimeMilliseconds() ?? 0);
            _errorTotal.IncTo(status.ErrorCount);
            _finalityRegressions.IncTo(status.FinalityRegressions);
            _gateInFlight.Set(snapshot.GateInFlight);
            _hasFinality.Set(snapshot.Consensus.HasConsensus ? 1 : 0);
            _configured.Set(snapshot.Upstreams.Count);
            _responding.Set(snapshot.Consensus.RespondingUpstreams);
            SetOrUnpublish(_consensusHeadSlot, snapshot.Consensus.Head?.Slot);

            var round = snapshot.LastRound;
            var newRound = round is not null && round.Number != _lastRoundObserved;
            if (newRound)
            {
                _lastRoundObserved = round!.Number;
                _lastLatencyMs.Set(round.Duration.TotalMilliseconds);
                _roundDuration.Observe(round.Duration.TotalSeconds);
                _rounds.Inc();
                _abandoned.Inc(round.Abandoned);
                _skipped.Inc(round.Skipped);
            }

            ObserveUpstreams(snapshot, newRound ? round!.Number : null);
        }
    }

    public ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
    {
        Observe(snapshot);
        return ValueTask.CompletedTask;
    }

    private void ObserveUpstreams(MonitorSnapshot snapshot, long? newRound)
    {
        var seen = new HashSet<string>(snapshot.Upstreams.Count, StringComparer.Ordinal);
        foreach (var upstream in snapshot.Upstreams)
        {
            seen.Add(upstream.Name);
            if (!_upstreams.TryGetValue(upstream.Name, out var series) || series.Client != upstream.Client)
            {
                series?.Remove();
                series = new UpstreamSeries(this, upstream.Name, upstream.Client);
                _upstreams[upstream.Name] = series;
            }

            series.Up.Set(upstream.Healthy ? 1 : 0);
            SetOrUnpublish(series.HeadSlot, upstream.Chain.Head.Slot);
            SetOrUnpublish(series.JustifiedSlot, upstream.Chain.Justified.Slot);
            SetOrUnpublish(series.FinalizedSlot, upstream.Chain.Finalized.Slot);
            series.Errors.IncTo(upstream.ErrorsTotal);
            series.NotModified.IncTo(upstream.ForkChoiceNotModifiedTotal);
            if (newRound is { } number && upstream.LastPolledRound == number && upstream.Latency is { } latency)
            {
                series.PollDuration.Observe(latency.TotalSeconds);
            }
        }

        // A removed upstream's series go away with it: label values only ever come from the configured set.
        if (seen.Count != _upstreams.Count)
        {
            foreach (var name in _upstreams.Keys.Where(name => !seen.Contains(name)).ToList())
            {
                _upstreams[name].Remove();
                _upstreams.Remove(name);
            }
        }
    }

    private void RefreshOnScrape()
    {
        var snapshot = _source.Current;
        _stale.Set(snapshot.IsStale(_timeProvider.GetUtcNow()) ? 1 : 0);
        var state = _stateCache.State;
        _stateBytes.Set(state?.Length ?? 0);
        _stateSlot.Set(state?.Slot ?? 0);
        foreach (var result in CheckpointSyncStatistics.Results)
        {
            _downloads.WithLabels(result).IncTo(_syncStatistics.Count(result));
        }

        foreach (var lane in _observers.Lanes)
        {
            _observerDropped.WithLabels(lane.Name).IncTo(lane.Dropped);
            _observerFailed.WithLabels(lane.Name).IncTo(lane.Failed);
        }
    }

    // Unknown values are left out of the exposition rather than reported as 0.
    private static void SetOrUnpublish(Gauge.Child gauge, long? value)
    {
        if (value is { } v)
        {
            gauge.Set(v);
            gauge.Publish();
        }
        else
        {
            gauge.Unpublish();
        }
    }

    private static void SetOrUnpublish(Gauge gauge, long? value)
    {
        if (value is { } v)
        {
            gauge.Set(v);
            gauge.Publish();
        }
        else
        {
            gauge.Unpublish();
        }
    }

    /// <summary>One upstream's children, looked up once instead of per round.</summary>
    private sealed class UpstreamSeries(MonitorMetrics metrics, string name, string client)
    {
        public string Client => client;

        public Gauge.Child Up { get; } = metrics._up.WithLabels(name, client);

        public Gauge.Child HeadSlot { get; } = metrics._headSlot.WithLabels(name, client);

        public Gauge.Child JustifiedSlot { get; } = metrics._upstreamJustifiedSlot.WithLabels(name, client);

        public Gauge.Child FinalizedSlot { get; } = metrics._upstreamFinalizedSlot.WithLabels(name, client);

        public Histogram.Child PollDuration { get; } = metrics._pollDuration.WithLabels(name, client);

        public Counter.Child Errors { get; } = metrics._upstreamErrors.WithLabels(name, client);

        public Counter.Child NotModified { get; } = metrics._upstreamNotModified.WithLabels(name, client);

        public void Remove()
        {
            Up.Remove();
            HeadSlot.Remove();
            JustifiedSlot.Remove();
            FinalizedSlot.Remove();
            PollDuration.Remove();
            Errors.Remove();
            NotModified.Remove();
        }
    }
}
