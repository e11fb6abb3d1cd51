using System.Globalization;
using Microsoft.Extensions.Options;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// The value rules of one options type, in one place: the entry point runs <see cref="Check"/> before the host is built
/// (so it can name the flag or variable a bad value came from), and the host runs the same rules as its
/// <see cref="IValidateOptions{TOptions}"/> at start. Warnings never fail validation; they are logged at start.
/// </summary>
internal abstract class OptionsRules<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public abstract IEnumerable<ConfigurationIssue> Check(TOptions options);

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options)
            .Where(issue => issue.IsError)
            .Select(issue => issue.Key is null ? issue.Problem : $"{Describe(issue.Key)}: {issue.Problem}")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary><c>Monitor:PollMs (--poll-ms, LEANPOINT_POLL_MS)</c>: inside the host the layer is no longer known.</summary>
    public static string Describe(string key)
    {
        var setting = MonitorSettingTable.FindKey(key);
        var path = MonitorSection.PathOf(key);
        var aliases = new[] { setting?.Flag, setting?.EnvironmentVariable }.OfType<string>().ToList();
        return aliases.Count == 0 ? path : $"{path} ({string.Join(", ", aliases)})";
    }

    protected static void AtLeastOneMillisecond(List<ConfigurationIssue> issues, string key, int value)
    {
        if (value < 1)
        {
            issues.Add(ConfigurationIssue.Error(key, value < 0 ? $"{Num(value)} is negative" : "must be at least 1 ms"));
        }
    }

    protected static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
