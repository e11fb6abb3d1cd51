using System.Globalization;

namespace UpstreamMonitor.Alerts.Detection;

/// <summary>
/// Turns each round's <see cref="FleetObservation"/> into alerts that fire and resolve. Pure apart from the clock:
/// no I/O, no threads; the caller feeds it one observation at a time (it is not thread-safe).
/// </summary>
/// <remarks>
/// Fork rule: the consensus feature's verdict on each finalized and head group (<see cref="CheckpointGroup.IsFork"/>,
/// from the fork-choice ancestry where nodes serve it, decision 0412); a group behind on the majority's chain is
/// reported per upstream as <c>upstream_lagging</c>, never as a fork. A fork must persist
/// <see cref="AlertOptions.ForkRounds"/> rounds to fire, so a head race at the tip that settles within a round stays quiet.
/// </remarks>
public sealed class AlertDetector
{
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, AlertEvent> _active = new(StringComparer.Ordinal);
    private readonly StallClock _finalizedClock = new();
    private readonly StallClock _justifiedClock = new();
    private readonly StallClock _headClock = new();
    private readonly DampedCondition _consensusLost;
    private readonly Dictionary<string, DampedCondition> _forks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DampedCondition> _down = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DampedCondition> _lagging = new(StringComparer.Ordinal);
    private long _lastRound = long.MinValue;

    public AlertDetector(AlertOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _consensusLost = new DampedCondition(options.ConsensusLostRounds, options.ResolveRounds);
    }

    /// <summary>The alerts active now, oldest first.</summary>
    public IReadOnlyList<AlertEvent> Active => [.. _active.Values.OrderBy(a => a.FirstSeen).ThenBy(a => a.Key, StringComparer.Ordinal)];

    /// <summary>Evaluates one round. A round already seen (a snapshot published twice) changes nothing.</summary>
    public AlertTransitions Observe(FleetObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Round == _lastRound)
        {
            return AlertTransitions.None;
        }

        _lastRound = observation.Round;
        var now = _time.GetUtcNow();
        var fired = new List<AlertEvent>();
        var resolved = new List<AlertEvent>();
        var round = new RoundContext(this, now, fired, resolved);

        ObserveStall(round, AlertKind.FinalityStalled, "finalized", _finalizedClock, observation.Finalized, _options.FinalityStallSlots);
        ObserveStall(round, AlertKind.JustificationStalled, "justified", _justifiedClock, observation.Justified, _options.JustificationStallSlots);
        ObserveStall(round, AlertKind.HeadStalled, "head", _headClock, observation.Head, _options.HeadStallSlots);
        ObserveConsensus(round, observation);
        ObserveRegression(round, observation.Regression);
        ObserveForks(round, observation);
        ObserveUpstreams(round, observation);
        return fired.Count == 0 && resolved.Count == 0 ? AlertTransitions.None : new AlertTransitions(fired, resolved);
    }

    private void ObserveStall(RoundContext round, AlertKind kind, string checkpoint, StallClock clock, CheckpointRef? value, int stallSlots)
    {
        var key = kind.WireName();
        if (clock.Observe(value, round.Now))
        {
            round.Resolve(key);
            return;
        }

        var limit = _options.SlotTime * stallSlots;
        var stalledFor = clock.StalledFor(round.Now);
        if (clock.Slot is { } slot && stalledFor >= limit)
        {
            round.Fire(key, kind, new AlertEvent
            {
                Id = string.Empty,
                Key = key,
                Kind = kind,
                Severity = AlertKinds.SeverityOf(kind),
                Checkpoint = checkpoint,
                Slot = slot,
                Root = clock.Root,
                FirstSeen = round.Now,
                Summary = Text($"Consensus {checkpoint} slot stuck at {slot} for {stalledFor.TotalSeconds:0} s ({stallSlots} slots or more)"),
            });
        }
    }

    private void ObserveConsensus(RoundContext round, FleetObservation observation)
    {
        const string Key = "consensus_lost";
        var change = _consensusLost.Observe(observation.Finalized is null);
        if (change == ConditionChange.Fired)
        {
            var responding = observation.Upstreams.Count(u => u.Result == UpstreamRoundResult.Succeeded);
            round.Fire(Key, AlertKind.ConsensusLost, new AlertEvent
            {
                Id = string.Empty,
                Key = Key,
                Kind = AlertKind.ConsensusLost,
                Severity = AlertSeverity.Critical,
                Checkpoint = "finalized",
                Slot = _finalizedClock.Slot,
                Root = _finalizedClock.Root,
                FirstSeen = round.Now,
                Summary = Text($"No finalized majority for {_options.ConsensusLostRounds} rounds ({responding} of {observation.Upstreams.Count} upstreams answering)"),
            });
        }
        else if (change == ConditionChange.Resolved)
        {
            round.Resolve(Key);
        }
    }

    /// <summary>
    /// Whether finality moved back is the consensus rule's call (decision 0903), read from the observation: the alert
    /// fires while it is flagged and resolves once the flag clears (finality back at or beyond the old slot).
    /// </summary>
    private static void ObserveRegression(RoundContext round, FinalityStep? regression)
    {
        const string Key = "finality_regressed";
        if (regression is null)
        {
            round.Resolve(Key);
            return;
        }

        round.Fire(Key, AlertKind.FinalityRegressed, new AlertEvent
        {
            Id = string.Empty,
            Key = Key,
            Kind = AlertKind.FinalityRegressed,
            Severity = AlertKinds.SeverityOf(AlertKind.FinalityRegressed),
            Checkpoint = "finalized",
            Slot = regression.To.Slot,
            Root = regression.To.Root,
            MajoritySlot = regression.FromSlot,
            MajorityRoot = regression.FromRoot,
            FirstSeen = round.Now,
            Summary = Text($"Majority finalized checkpoint moved back from slot {regression.FromSlot} to {regression.To.Slot}"),
        });
    }

    private void ObserveForks(RoundContext round, FleetObservation observation)
    {
        var seen = new Dictionary<string, (string Checkpoint, CheckpointGroup Group, CheckpointGroup Majority)>(StringComparer.Ordinal);
        CollectForks(seen, "finalized", observation.FinalizedGroups);
        CollectForks(seen, "head", observation.HeadGroups);

        foreach (var key in _forks.Keys.Union(seen.Keys).ToList())
        {
            var condition = _forks.TryGetValue(key, out var existing)
                ? existing
                : _forks[key] = new DampedCondition(_options.ForkRounds, _options.ResolveRounds);
            var present = seen.TryGetValue(key, out var fork);
            var change = condition.Observe(present);
            if (change == ConditionChange.Fired)
            {
                round.Fire(key, AlertKind.ForkDetected, new AlertEvent
                {
                    Id = string.Empty,
                    Key = key,
                    Kind = AlertKind.ForkDetected,
                    Severity = AlertSeverity.Critical,
                    Upstreams = fork.Group.Upstreams,
                    Checkpoint = fork.Checkpoint,
                    Slot = fork.Group.Slot,
                    Root = fork.Group.Root,
                    MajoritySlot = fork.Majority.Slot,
                    MajorityRoot = fork.Majority.Root,
                    FirstSeen = round.Now,
                    Summary = Text($"Fork: {string.Join(", ", fork.Group.Upstreams)} on {fork.Checkpoint} {Short(fork.Group.Root)} at slot {fork.Group.Slot}, majority on {Short(fork.Majority.Root)} at slot {fork.Majority.Slot}"),
                });
            }
            else if (change == ConditionChange.Resolved)
            {
                round.Resolve(key);
            }

            if (!present && !condition.Firing)
            {
                _forks.Remove(key);
            }
        }
    }

    private static void CollectForks(
        Dictionary<string, (string, CheckpointGroup, CheckpointGroup)> seen, string checkpoint, IReadOnlyList<CheckpointGroup> groups)
    {
        if (groups.FirstOrDefault(g => g.IsMajority && g.Slot is not null) is not { } majority)
        {
            return;
        }

        foreach (var group in groups)
        {
            if (group.IsMajority || !group.IsFork || group.Slot is null || group.Upstreams.Count == 0)
            {
                continue;
            }

            var key = $"fork_detected/{checkpoint}/{string.Join(',', group.Upstreams.Order(StringComparer.Ordinal))}";
            seen[key] = (checkpoint, group, majority);
        }
    }

    private void ObserveUpstreams(RoundContext round, FleetObservation observation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var upstream in observation.Upstreams)
        {
            names.Add(upstream.Name);
            if (upstream.Result == UpstreamRoundResult.NotPolled)
            {
                continue;
            }

            ObserveDown(round, upstream);
            if (upstream.Result == UpstreamRoundResult.Succeeded)
            {
                ObserveLag(round, upstream, observation.Head);
            }
        }

        // An upstream removed from the configuration takes its alerts with it.
        ForgetRemoved(round, _down, names, "upstream_down/");
        ForgetRemoved(round, _lagging, names, "upstream_lagging/");
    }

    private void ObserveDown(RoundContext round, UpstreamObservation upstream)
    {
        var key = "upstream_down/" + upstream.Name;
        var condition = _down.TryGetValue(upstream.Name, out var existing)
            ? existing
            : _down[upstream.Name] = new DampedCondition(_options.DownAfterFailures, _options.UpAfterSuccesses);
        switch (condition.Observe(upstream.Result == UpstreamRoundResult.Failed))
        {
            case ConditionChange.Fired:
                round.Fire(key, AlertKind.UpstreamDown, new AlertEvent
                {
                    Id = string.Empty,
                    Key = key,
                    Kind = AlertKind.UpstreamDown,
                    Severity = AlertSeverity.Warning,
                    Upstreams = [upstream.Name],
                    Slot = upstream.HeadSlot,
                    Checkpoint = upstream.HeadSlot is null ? null : "head",
                    FirstSeen = round.Now,
                    Summary = Text($"Upstream {upstream.Name} failed {_options.DownAfterFailures} polls in a row"),
                });
                break;
            case ConditionChange.Resolved:
                round.Resolve(key);
                break;
        }
    }

    private void ObserveLag(RoundContext round, UpstreamObservation upstream, CheckpointRef? head)
    {
        if (upstream.LagSlots is not { } lag)
        {
            return;
        }

        var key = "upstream_lagging/" + upstream.Name;
        var condition = _lagging.TryGetValue(upstream.Name, out var existing)
            ? existing
            : _lagging[upstream.Name] = new DampedCondition(_options.LagRounds, _options.ResolveRounds);
        switch (condition.Observe(lag > _options.LagSlots))
        {
            case ConditionChange.Fired:
                round.Fire(key, AlertKind.UpstreamLagging, new AlertEvent
                {
                    Id = string.Empty,
                    Key = key,
                    Kind = AlertKind.UpstreamLagging,
                    Severity = AlertSeverity.Warning,
                    Upstreams = [upstream.Name],
                    Checkpoint = "head",
                    Slot = upstream.HeadSlot,
                    MajoritySlot = head?.Slot,
                    MajorityRoot = head?.Root,
                    FirstSeen = round.Now,
                    Summary = Text($"Upstream {upstream.Name} head {lag} slots behind consensus (more than {_options.LagSlots} for {_options.LagRounds} rounds)"),
                });
                break;
            case ConditionChange.Resolved:
                round.Resolve(key);
                break;
        }
    }

    private static void ForgetRemoved(RoundContext round, Dictionary<string, DampedCondition> conditions, HashSet<string> names, string keyPrefix)
    {
        foreach (var name in conditions.Keys.Where(n => !names.Contains(n)).ToList())
        {
            conditions.Remove(name);
            round.Resolve(keyPrefix + name);
        }
    }

    private static string Short(string? root) => root is { Length: > 10 } ? root[..10] + "…" : root ?? "?";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Collects one round's transitions against the active set.</summary>
    private sealed class RoundContext(AlertDetector detector, DateTimeOffset now, List<AlertEvent> fired, List<AlertEvent> resolved)
    {
        public DateTimeOffset Now => now;

        public void Fire(string key, AlertKind kind, AlertEvent alert)
        {
            if (detector._active.ContainsKey(key))
            {
                return;
            }

            var firing = alert with { Id = AlertIds.For(key, kind, now) };
            detector._active[key] = firing;
            fired.Add(firing);
        }

        public void Resolve(string key)
        {
            if (detector._active.Remove(key, out var alert))
            {
                resolved.Add(alert with { ResolvedAt = now });
            }
        }
    }
}
