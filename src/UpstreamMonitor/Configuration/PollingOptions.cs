namespace UpstreamMonitor.Configuration;

/// <summary>How the poller runs: the round interval, one request's timeout, and the gate's concurrency.</summary>
public sealed class PollingOptions
{
    /// <summary>The concurrency when none (or 0) is asked for.</summary>
    public const int DefaultPollConcurrency = 64;

    /// <summary>The most requests in flight the gate allows.</summary>
    public const int MaxPollConcurrency = 256;

    /// <summary><c>--poll-ms</c>: time between the starts of two rounds.</summary>
    public int PollMs { get; set; } = 10_000;

    /// <summary><c>--timeout-ms</c>: one request's timeout.</summary>
    public int TimeoutMs { get; set; } = 5_000;

    /// <summary><c>--poll-concurrency</c> as asked: 0 means the default; above the maximum is clamped (<see cref="GateCapacity"/>).</summary>
    public int PollConcurrency { get; set; } = DefaultPollConcurrency;

    /// <summary>The aggregator question is asked in the first round and then every this many rounds (1: every round).</summary>
    public int AggregatorEveryRounds { get; set; } = 10;

    /// <summary>
    /// Identity, version, syncing and genesis are read at an upstream's first answer, after it recovers from an error,
    /// and then every this many rounds (decision 0904).
    /// </summary>
    public int IdentityEveryRounds { get; set; } = 30;

    /// <summary><see cref="PollMs"/> as a duration.</summary>
    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollMs);

    /// <summary><see cref="TimeoutMs"/> as a duration.</summary>
    public TimeSpan RequestTimeout => TimeSpan.FromMilliseconds(TimeoutMs);

    /// <summary>The one clamp of the concurrency: 0 (or an invalid negative) → 64, above 256 → 256, so the gate always has
    /// room for at least one job. The clamp is reported by <see cref="PollingOptionsRules"/> as a warning.</summary>
    public int GateCapacity => PollConcurrency <= 0 ? DefaultPollConcurrency : Math.Min(PollConcurrency, MaxPollConcurrency);
}

internal sealed class PollingOptionsRules : OptionsRules<PollingOptions>
{
    public override IEnumerable<ConfigurationIssue> Check(PollingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issues = new List<ConfigurationIssue>();
        AtLeastOneMillisecond(issues, nameof(PollingOptions.PollMs), options.PollMs);
        AtLeastOneMillisecond(issues, nameof(PollingOptions.TimeoutMs), options.TimeoutMs);
        if (options.PollConcurrency < 0)
        {
            issues.Add(ConfigurationIssue.Error(nameof(PollingOptions.PollConcurrency), $"{Num(options.PollConcurrency)} is negative"));
        }
        else if (options.PollConcurrency > PollingOptions.MaxPollConcurrency)
        {
            issues.Add(ConfigurationIssue.Warning(nameof(PollingOptions.PollConcurrency),
                $"{Num(options.PollConcurrency)} is above the maximum of {Num(PollingOptions.MaxPollConcurrency)}; " +
                $"clamped to {Num(options.GateCapacity)}"));
        }

        if (options.AggregatorEveryRounds < 1)
        {
            issues.Add(ConfigurationIssue.Error(nameof(PollingOptions.AggregatorEveryRounds),
                $"{Num(options.AggregatorEveryRounds)} is less than 1 (1 asks every round)"));
        }

        if (options.IdentityEveryRounds < 1)
        {
            issues.Add(ConfigurationIssue.Error(nameof(PollingOptions.IdentityEveryRounds),
                $"{Num(options.IdentityEveryRounds)} is less than 1 (1 reads every round)"));
        }

        if (options.TimeoutMs > 0 && options.PollMs > 0 && options.TimeoutMs > options.PollMs)
        {
            // Allowed (a slow devnet), but a request may then outlive its round; say so rather than refuse.
            issues.Add(ConfigurationIssue.Warning(nameof(PollingOptions.TimeoutMs),
                $"{Num(options.TimeoutMs)} ms is longer than the poll interval ({Num(options.PollMs)} ms)"));
        }

        return issues;
    }
}
