namespace UpstreamMonitor.Configuration;

/// <summary>What the checkpoint-sync surface serves: the largest state it downloads, and how old the last consensus may
/// be before the monitor (and so every checkpoint it would serve) is called stale.</summary>
public sealed class CheckpointSyncOptions
{
    /// <summary>The largest finalized state the checkpoint-sync cache will download.</summary>
    public long MaxStateBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary><c>--stale-ms</c>: the monitor is stale when no round has reached finalized consensus for this long.</summary>
    public int StaleMs { get; set; } = 30_000;

    /// <summary><see cref="StaleMs"/> as a duration.</summary>
    public TimeSpan StaleAfter => TimeSpan.FromMilliseconds(StaleMs);
}

internal sealed class CheckpointSyncOptionsRules : OptionsRules<CheckpointSyncOptions>
{
    public override IEnumerable<ConfigurationIssue> Check(CheckpointSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issues = new List<ConfigurationIssue>();
        AtLeastOneMillisecond(issues, nameof(CheckpointSyncOptions.StaleMs), options.StaleMs);
        if (options.MaxStateBytes < 1)
        {
            issues.Add(ConfigurationIssue.Error(nameof(CheckpointSyncOptions.MaxStateBytes), $"{Num(options.MaxStateBytes)} must be at least 1"));
        }

        return issues;
    }
}
