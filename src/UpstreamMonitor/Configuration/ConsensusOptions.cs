namespace UpstreamMonitor.Configuration;

/// <summary>The majority rule's threshold.</summary>
public sealed class ConsensusOptions
{
    /// <summary>A checkpoint has consensus when strictly more than this percentage of configured upstreams agree.</summary>
    public int ConsensusThresholdPercent { get; set; } = 50;
}

internal sealed class ConsensusOptionsRules : OptionsRules<ConsensusOptions>
{
    public override IEnumerable<ConfigurationIssue> Check(ConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConsensusThresholdPercent is < 0 or > 99)
        {
            yield return ConfigurationIssue.Error(nameof(ConsensusOptions.ConsensusThresholdPercent),
                $"{Num(options.ConsensusThresholdPercent)} is not a percentage below 100");
        }
    }
}
