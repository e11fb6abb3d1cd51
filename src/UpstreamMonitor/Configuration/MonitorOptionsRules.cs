using System.Globalization;
using System.Net;

namespace UpstreamMonitor.Configuration;

public enum ConfigurationIssueSeverity
{
    Error,
    Warning,
}

/// <summary>A problem with one setting. <paramref name="Key"/> is the <see cref="MonitorOptions"/> property; the caller
/// names it the way the user wrote it (a flag, a variable, an appsettings key).</summary>
public sealed record ConfigurationIssue(string Key, ConfigurationIssueSeverity Severity, string Problem)
{
    public bool IsError => Severity == ConfigurationIssueSeverity.Error;
}

/// <summary>
/// The value rules of <see cref="MonitorOptions"/>, in one place: used by the entry point before the host is built
/// (so it can name the flag or variable a bad value came from) and by <see cref="MonitorOptionsValidator"/> at start.
/// </summary>
public static class MonitorOptionsRules
{
    public const int MaxDemoNodes = 256;

    public static IReadOnlyList<ConfigurationIssue> Check(MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issues = new List<ConfigurationIssue>();

        if (!IsBindableAddress(options.BindAddress))
        {
            issues.Add(Error(nameof(MonitorOptions.BindAddress),
                $"'{options.BindAddress}' is not an IP address, localhost or *"));
        }

        if (options.Port is < 0 or > 65535)
        {
            issues.Add(Error(nameof(MonitorOptions.Port), $"{Num(options.Port)} is not a TCP port (0-65535)"));
        }

        AtLeastOne(issues, nameof(MonitorOptions.PollMs), options.PollMs);
        AtLeastOne(issues, nameof(MonitorOptions.TimeoutMs), options.TimeoutMs);
        AtLeastOne(issues, nameof(MonitorOptions.StaleMs), options.StaleMs);
        AtLeastOne(issues, nameof(MonitorOptions.DemoSlotMs), options.DemoSlotMs);

        if (options.PollConcurrency < 0)
        {
            issues.Add(Error(nameof(MonitorOptions.PollConcurrency), $"{Num(options.PollConcurrency)} is negative"));
        }
        else if (options.PollConcurrency > MonitorOptions.MaxPollConcurrency)
        {
            issues.Add(Warning(nameof(MonitorOptions.PollConcurrency),
                $"{Num(options.PollConcurrency)} is above the maximum of {Num(MonitorOptions.MaxPollConcurrency)}; " +
                $"clamped to {Num(MonitorOptions.MaxPollConcurrency)}"));
        }

        if (!IsLogFormat(options.LogFormat))
        {
            issues.Add(Error(nameof(MonitorOptions.LogFormat), $"'{options.LogFormat}' is not a log format (text or json)"));
        }

        if (options.DemoNodes is { } nodes && nodes is < 1 or > MaxDemoNodes)
        {
            issues.Add(Error(nameof(MonitorOptions.DemoNodes),
                $"{Num(nodes)} is not a demo devnet size (1-{Num(MaxDemoNodes)} nodes)"));
        }

        if (options.ConsensusThresholdPercent is < 0 or > 99)
        {
            issues.Add(Error(nameof(MonitorOptions.ConsensusThresholdPercent),
                $"{Num(options.ConsensusThresholdPercent)} is not a percentage below 100"));
        }

        if (options.MaxStateBytes < 1)
        {
            issues.Add(Error(nameof(MonitorOptions.MaxStateBytes),
                $"{options.MaxStateBytes.ToString(CultureInfo.InvariantCulture)} must be at least 1"));
        }

        if (!string.IsNullOrWhiteSpace(options.LeanUrl) && UpstreamListRules.ParseUpstreamUrl(options.LeanUrl) is null)
        {
            issues.Add(Error(nameof(MonitorOptions.LeanUrl),
                $"'{UrlRedaction.MaskText(options.LeanUrl)}' is not an absolute http(s) URL"));
        }

        if (options.TimeoutMs > 0 && options.PollMs > 0 && options.TimeoutMs > options.PollMs)
        {
            // Allowed (a slow devnet), but a request may then outlive its round; say so rather than refuse.
            issues.Add(Warning(nameof(MonitorOptions.TimeoutMs),
                $"{Num(options.TimeoutMs)} ms is longer than the poll interval ({Num(options.PollMs)} ms)"));
        }

        return issues;
    }

    public static bool IsLogFormat(string? format) =>
        string.Equals(format, "text", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);

    private static bool IsBindableAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address) &&
        (address is "*" or "+" ||
         string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) ||
         IPAddress.TryParse(address, out _));

    private static void AtLeastOne(List<ConfigurationIssue> issues, string key, int value)
    {
        if (value < 1)
        {
            issues.Add(Error(key, value < 0 ? $"{Num(value)} is negative" : "must be at least 1 ms"));
        }
    }

    private static ConfigurationIssue Error(string key, string problem) => new(key, ConfigurationIssueSeverity.Error, problem);

    private static ConfigurationIssue Warning(string key, string problem) => new(key, ConfigurationIssueSeverity.Warning, problem);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
