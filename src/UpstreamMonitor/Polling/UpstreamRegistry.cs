using System.Collections.Concurrent;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Polling;

/// <summary>
/// The one owner of per-upstream state. Only the poller touches it, between rounds, so it needs no locks; readers see
/// the immutable rows it hands to the published snapshot. Checkpoint-sync rejections arrive from the download task
/// into their own concurrent map and show as the upstream's last error until its pair verifies.
/// </summary>
internal sealed partial class UpstreamRegistry : ICheckpointRejectionSink
{
    private readonly ILogger<UpstreamRegistry> _logger;
    private readonly ConcurrentDictionary<string, string> _checkpointRejections = new(StringComparer.Ordinal);
    private Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);
    private Entry[] _ordered = [];
    private Dictionary<string, UpstreamSeed>? _seeds;

    public UpstreamRegistry(ILogger<UpstreamRegistry> logger)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    private enum Health
    {
        Unknown,
        Ok,
        Failing,
    }

    public int Count => _ordered.Length;

    /// <summary>
    /// Hands over what history remembers of each upstream (any thread, once, at start). The poller's next
    /// <see cref="Reconcile"/> merges it in, so a seed that arrives after the first round still adds up instead of racing.
    /// </summary>
    public void Seed(IEnumerable<UpstreamSeed> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var byName = new Dictionary<string, UpstreamSeed>(StringComparer.Ordinal);
        foreach (var seed in seeds)
        {
            byName[seed.Name] = seed;
        }

        Interlocked.Exchange(ref _seeds, byName);
    }

    /// <summary>
    /// Matches the registry to the configured set: new upstreams get a Pending row, removed ones disappear, the rest keep
    /// their state (an upstream whose URL changed is a different node: it starts over). Returns the set in configured order.
    /// </summary>
    public IReadOnlyList<UpstreamDefinition> Reconcile(UpstreamSet upstreamSet)
    {
        ArgumentNullException.ThrowIfNull(upstreamSet);
        var seeds = Interlocked.Exchange(ref _seeds, null);
        var byName = new Dictionary<string, Entry>(upstreamSet.Count, StringComparer.Ordinal);
        var ordered = new List<Entry>(upstreamSet.Count);
        foreach (var definition in upstreamSet.Upstreams)
        {
            if (byName.ContainsKey(definition.Name))
            {
                // The source validates names; a duplicate that slips through is polled once, never twice.
                continue;
            }

            var entry = _byName.TryGetValue(definition.Name, out var existing) && existing.Row.Definition.Url == definition.Url
                ? existing.Redefine(definition)
                : new Entry(definition);
            if (seeds is not null && seeds.TryGetValue(definition.Name, out var seed))
            {
                entry.Row = Merge(entry.Row, seed);
            }

            byName.Add(definition.Name, entry);
            ordered.Add(entry);
        }

        Volatile.Write(ref _byName, byName);
        _ordered = [.. ordered];
        return Array.ConvertAll(_ordered, e => e.Row.Definition);
    }

    private static UpstreamStatus Merge(UpstreamStatus row, UpstreamSeed seed) => row with
    {
        LastSuccess = row.LastSuccess ?? seed.LastSuccess,
        LastError = row.LastPolledRound == 0 ? seed.LastError : row.LastError,
        ErrorsTotal = row.ErrorsTotal + seed.ErrorsTotal,
    };

    /// <summary>Applies one round's results. Logs an upstream's change between ok and failing, never every round.</summary>
    public void Apply(PollRoundResult result, long roundNumber)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var item in result.Entries)
        {
            if (!_byName.TryGetValue(item.Upstream.Name, out var entry))
            {
                continue;
            }

            switch (item.Disposition)
            {
                case PollDisposition.Skipped:
                    entry.Row = entry.Row with { State = UpstreamPollState.Skipped, Healthy = false };
                    break;
                case PollDisposition.InFlight:
                    entry.Row = entry.Row with { State = UpstreamPollState.InFlight, Healthy = false };
                    break;
                default:
                    ApplyOutcome(entry, item.Outcome, roundNumber);
                    break;
            }
        }
    }

    /// <summary>Which optional node routes <paramref name="upstream"/>'s job reads this round (decision 0904); poller only.</summary>
    public NodeInfoRoutes PlanNodeInfo(string upstream, long roundNumber, int everyRounds, DateTimeOffset now) =>
        _byName.TryGetValue(upstream, out var entry) ? entry.NodeInfo.Plan(roundNumber, everyRounds, now) : NodeInfoRoutes.None;

    /// <summary>
    /// The last fork choice of <paramref name="upstream"/> when it carried an ETag, for a conditional request; null after
    /// a failure, a 200 without a tag, or a change of URL. Read by jobs while a round runs: the map is replaced, never
    /// edited, and the entry's field is written only between rounds.
    /// </summary>
    public ForkChoiceSnapshot? ForkChoiceValidatorOf(UpstreamDefinition upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return Volatile.Read(ref _byName).TryGetValue(upstream.Name, out var entry) && entry.Row.Definition.Url == upstream.Url
            ? entry.ForkChoiceValidator
            : null;
    }

    public void Rejected(string upstream, string message) => _checkpointRejections[upstream] = message;

    public void Verified(string upstream) => _checkpointRejections.TryRemove(upstream, out _);

    /// <summary>The current rows, in configured order.</summary>
    public IReadOnlyList<UpstreamStatus> Rows() => Array.ConvertAll(_ordered, e => e.Row);

    private void ApplyOutcome(Entry entry, in PollOutcome outcome, long roundNumber)
    {
        var row = entry.Row;
        if (outcome.IsSuccess)
        {
            var info = outcome.NodeInfo;
            if (info is not null)
            {
                entry.NodeInfo.Record(info, roundNumber, outcome.CompletedAt);
            }

            // A new tag replaces the kept one, a 200 without one drops it; a 304 keeps the snapshot it reused.
            var forkChoice = outcome.ForkChoice;
            entry.ForkChoiceValidator = forkChoice?.ETag is not null ? forkChoice : null;
            entry.Row = row with
            {
                State = UpstreamPollState.Ok,
                Healthy = true,
                LastPolledRound = roundNumber,
                LastPoll = outcome.CompletedAt,
                LastSuccess = outcome.CompletedAt,
                Latency = outcome.Latency,
                ErrorCount = 0,
                ForkChoiceNotModifiedTotal = row.ForkChoiceNotModifiedTotal + (forkChoice is { NotModified: true } ? 1 : 0),
                LastError = _checkpointRejections.TryGetValue(row.Name, out var rejection) ? rejection : null,
                Chain = outcome.Chain,
                Ancestry = outcome.Ancestry,
                ValidatorCount = outcome.ValidatorCount,
                IsAggregator = outcome.IsAggregator ?? row.IsAggregator,
                FromFallback = outcome.FromFallback,

                // The body replaces the last one (never a second copy per round); a fallback row serves none.
                ForkChoiceBody = outcome.FromFallback ? null : outcome.ForkChoiceBody ?? row.ForkChoiceBody,
                ForkChoiceAt = outcome.FromFallback ? null : outcome.ForkChoiceBody is null ? row.ForkChoiceAt : outcome.CompletedAt,
                ClientVersion = Read(info, NodeInfoRoutes.Identity | NodeInfoRoutes.Version, info?.Version, row.ClientVersion),
                PeerId = Read(info, NodeInfoRoutes.Identity, info?.PeerId, row.PeerId),
                Syncing = Read(info, NodeInfoRoutes.Syncing, info?.Syncing, row.Syncing),
                GenesisTime = Read(info, NodeInfoRoutes.Genesis, info?.GenesisTime, row.GenesisTime),
            };

            if (entry.Health == Health.Failing)
            {
                LogUpstreamRecovered(row.Name, row.DisplayUrl, row.ErrorCount);
            }

            entry.Health = Health.Ok;
            return;
        }

        // A failure (refused, reset, timeout, bad answer) may be a restarted node: the next fetch is unconditional.
        entry.ForkChoiceValidator = null;

        // Last known slots and roots stay visible (the dashboard shows them as stale); they cannot vote this round.
        entry.Row = row with
        {
            State = outcome.State,
            Healthy = false,
            LastPolledRound = roundNumber,
            LastPoll = outcome.CompletedAt,
            Latency = outcome.Latency,
            ErrorCount = row.ErrorCount + 1,
            ErrorsTotal = row.ErrorsTotal + 1,
            LastError = outcome.Error,
        };

        entry.NodeInfo.Failed();
        if (entry.Health != Health.Failing)
        {
            LogUpstreamFailing(row.Name, row.DisplayUrl, outcome.Error);
        }

        entry.Health = Health.Failing;
    }

    /// <summary>A value read this time wins; one whose routes all said 404 is gone; otherwise the last one stays.</summary>
    private static T? Read<T>(NodeInfoReading? info, NodeInfoRoutes routes, T? value, T? last)
    {
        if (info is null || value is not null)
        {
            return value ?? last;
        }

        return (info.NotServed & routes) != 0 && (info.Answered & routes) == 0 ? default : last;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream} ({Url}) is failing: {Error}")]
    private partial void LogUpstreamFailing(string upstream, string url, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream {Upstream} ({Url}) recovered after {Failures} failed polls")]
    private partial void LogUpstreamRecovered(string upstream, string url, long failures);

    private sealed class Entry(UpstreamDefinition definition)
    {
        public UpstreamStatus Row { get; set; } = new() { Definition = definition };

        public Health Health { get; set; }

        public NodeInfoSchedule NodeInfo { get; } = new();

        /// <summary>The last fork choice that carried an ETag; volatile because jobs read it while a round runs.</summary>
        public ForkChoiceSnapshot? ForkChoiceValidator
        {
            get => Volatile.Read(ref _forkChoiceValidator);
            set => Volatile.Write(ref _forkChoiceValidator, value);
        }

        private ForkChoiceSnapshot? _forkChoiceValidator;

        public Entry Redefine(UpstreamDefinition definition)
        {
            if (!ReferenceEquals(Row.Definition, definition))
            {
                Row = Row with { Definition = definition };
            }

            return this;
        }
    }
}

/// <summary>What history remembers of one upstream across a restart.</summary>
internal sealed record UpstreamSeed(string Name, DateTimeOffset? LastSuccess, string? LastError, long ErrorsTotal);
