using Microsoft.Extensions.Options;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// Validates <see cref="MonitorOptions"/> when the host starts, with the same rules the entry point applies before
/// building it (<see cref="MonitorOptionsRules"/>, <see cref="UpstreamListRules"/>). Warnings (such as the concurrency
/// clamp) are logged at start by <see cref="ConfigurationStartupReport"/>, not failed here.
/// </summary>
public sealed class MonitorOptionsValidator : IValidateOptions<MonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = MonitorOptionsRules.Check(options)
            .Where(issue => issue.IsError)
            .Select(issue => $"{Describe(issue.Key)}: {issue.Problem}")
            .ToList();
        if (options.Upstreams.Count > 0)
        {
            failures.AddRange(UpstreamListRules.FromEntries(options.Upstreams, $"{MonitorOptions.SectionName}:Upstreams").Errors);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary><c>Monitor:PollMs (--poll-ms, LEANPOINT_POLL_MS)</c>: inside the host the layer is no longer known.</summary>
    public static string Describe(string key)
    {
        var setting = MonitorSettingTable.FindKey(key);
        var path = $"{MonitorOptions.SectionName}:{key}";
        var aliases = new[] { setting?.Flag, setting?.EnvironmentVariable }.OfType<string>().ToList();
        return aliases.Count == 0 ? path : $"{path} ({string.Join(", ", aliases)})";
    }
}
