using System.Globalization;

namespace UpstreamMonitor.Benchmarks.Rigs;

/// <summary>The monitor settings a scenario varies; everything else is the product default.</summary>
internal sealed record MonitorRigSettings
{
    public int PollConcurrency { get; init; } = 64;

    public int TimeoutMs { get; init; } = 5_000;

    public int PollMs { get; init; } = 10_000;

    public int StaleMs { get; init; } = 30_000;

    /// <summary>Rounds between aggregator questions (<c>Monitor:AggregatorEveryRounds</c>); null keeps the product default.</summary>
    public int? AggregatorEveryRounds { get; init; }

    /// <summary>Rounds between identity re-reads (<c>Monitor:IdentityEveryRounds</c>); null keeps the product default.</summary>
    public int? IdentityEveryRounds { get; init; }

    /// <summary>History store (<c>Monitor:History:Path</c>): off unless a scenario measures it.</summary>
    public string HistoryPath { get; init; } = "off";

    public IEnumerable<KeyValuePair<string, string?>> ToOverrides(int port) =>
    [
        new("Monitor:PollConcurrency", PollConcurrency.ToString(CultureInfo.InvariantCulture)),
        new("Monitor:TimeoutMs", TimeoutMs.ToString(CultureInfo.InvariantCulture)),
        new("Monitor:PollMs", PollMs.ToString(CultureInfo.InvariantCulture)),
        new("Monitor:StaleMs", StaleMs.ToString(CultureInfo.InvariantCulture)),
        new("Monitor:BindAddress", "127.0.0.1"),
        new("Monitor:Port", port.ToString(CultureInfo.InvariantCulture)),

        // History has its own scenario; the others measure polling and serving without a disk behind them.
        new("Monitor:History:Path", HistoryPath),
        new("Monitor:History:Instance", "bench"),
        .. Optional("Monitor:AggregatorEveryRounds", AggregatorEveryRounds),
        .. Optional("Monitor:IdentityEveryRounds", IdentityEveryRounds),
        .. QuietLogging,
    ];

    private static IEnumerable<KeyValuePair<string, string?>> Optional(string key, int? value) =>
        value is { } set ? [new(key, set.ToString(CultureInfo.InvariantCulture))] : [];

    /// <summary>
    /// Per-round and per-upstream log lines at N = 1000 would be measured with the rounds (and drown the figures a
    /// benchmark prints); only errors are printed.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> QuietLogging { get; } =
    [
        new("Serilog:MinimumLevel:Default", "Error"),
        new("Serilog:MinimumLevel:Override:Microsoft", "Error"),
        new("Serilog:MinimumLevel:Override:UpstreamMonitor", "Error"),

        // appsettings.json names this category itself, and the more specific override wins over "Microsoft".
        new("Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime", "Error"),
        new("Logging:LogLevel:Default", "Error"),
    ];
}
