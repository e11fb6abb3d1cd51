using System.Net;
using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Hosting;

/// <summary>The process around the features: where it listens, how it logs, and the built-in demo devnet.</summary>
internal sealed class MonitorHostOptions
{
    public const int MaxDemoNodes = 256;

    /// <summary><c>--bind</c>.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary><c>--port</c>.</summary>
    public int Port { get; set; } = 5555;

    /// <summary>Console log format: <c>text</c> or <c>json</c> (for containers).</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary><c>--demo [N]</c>: run against a built-in simulated devnet of N nodes; null when not in demo mode.</summary>
    public int? DemoNodes { get; set; }

    /// <summary>Slot duration of the demo devnet, in milliseconds.</summary>
    public int DemoSlotMs { get; set; } = 4_000;

    /// <summary>What Kestrel listens on (IPv6 addresses bracketed).</summary>
    public string KestrelUrl =>
        $"http://{(BindAddress.Contains(':', StringComparison.Ordinal) ? $"[{BindAddress}]" : BindAddress)}:{Port}";
}

internal sealed class MonitorHostOptionsRules : OptionsRules<MonitorHostOptions>
{
    public override IEnumerable<ConfigurationIssue> Check(MonitorHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issues = new List<ConfigurationIssue>();
        if (!IsBindableAddress(options.BindAddress))
        {
            issues.Add(ConfigurationIssue.Error(nameof(MonitorHostOptions.BindAddress),
                $"'{options.BindAddress}' is not an IP address, localhost or *"));
        }

        if (options.Port is < 0 or > 65535)
        {
            issues.Add(ConfigurationIssue.Error(nameof(MonitorHostOptions.Port), $"{Num(options.Port)} is not a TCP port (0-65535)"));
        }

        AtLeastOneMillisecond(issues, nameof(MonitorHostOptions.DemoSlotMs), options.DemoSlotMs);
        if (!MonitorLogging.IsFormat(options.LogFormat))
        {
            issues.Add(ConfigurationIssue.Error(nameof(MonitorHostOptions.LogFormat),
                $"'{options.LogFormat}' is not a log format (text or json)"));
        }

        if (options.DemoNodes is { } nodes && nodes is < 1 or > MonitorHostOptions.MaxDemoNodes)
        {
            issues.Add(ConfigurationIssue.Error(nameof(MonitorHostOptions.DemoNodes),
                $"{Num(nodes)} is not a demo devnet size (1-{Num(MonitorHostOptions.MaxDemoNodes)} nodes)"));
        }

        return issues;
    }

    private static bool IsBindableAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address) &&
        (address is "*" or "+" ||
         string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) ||
         IPAddress.TryParse(address, out _));
}
