using System.Globalization;
using UpstreamMonitor.CommandLine;

namespace UpstreamMonitor.Soak;

/// <summary>The soak's knobs; defaults are the committed run (30 min, 200 nodes, flaps every 3 min, samples every minute).</summary>
internal sealed class SoakOptions
{
    public const string Usage = """
        usage: UpstreamMonitor.Soak --product PATH/UpstreamMonitor.dll [options]
          --duration-minutes N   how long to run (default 30)
          --nodes N              simulated upstreams (default 200)
          --flap-minutes N       re-deal personas every N minutes (default 3)
          --sample-seconds N     sample the process every N seconds (default 60)
          --poll-ms N            the monitor's --poll-ms (default 2000)
          --timeout-ms N         the monitor's --timeout-ms (default 1000)
          --concurrency N        the monitor's --poll-concurrency (default 64)
          --seed N               persona dealing seed (default 7)
          --csv PATH             samples (default docs/soak.csv)
          --summary PATH         summary (default docs/soak.md)
          --log PATH             the monitor's console output (default artifacts/soak/monitor.log)
          --counters PATH        dotnet-counters executable, for the managed heap (optional)
          --work DIR             scratch directory for upstreams.json (default artifacts/soak)
        """;

    public required string ProductPath { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(30);

    public int Nodes { get; init; } = 200;

    public TimeSpan FlapInterval { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMinutes(1);

    public int PollMs { get; init; } = 2000;

    public int TimeoutMs { get; init; } = 1000;

    public int Concurrency { get; init; } = 64;

    public int Seed { get; init; } = 7;

    public string CsvPath { get; init; } = "docs/soak.csv";

    public string SummaryPath { get; init; } = "docs/soak.md";

    public string LogPath { get; init; } = "artifacts/soak/monitor.log";

    public string WorkDirectory { get; init; } = "artifacts/soak";

    public string? CountersTool { get; init; }

    private static readonly FlagDefinition[] Flags =
    [
        .. new[]
        {
            "product", "duration-minutes", "nodes", "flap-minutes", "sample-seconds", "poll-ms", "timeout-ms", "concurrency", "seed",
            "csv", "summary", "log", "work", "counters",
        }.Select(name => new FlagDefinition($"--{name}", FlagArity.Required, "VALUE")),
    ];

    public static bool TryParse(string[] args, out SoakOptions options, out string error)
    {
        options = null!;
        var parsed = FlagParser.Parse(args, Flags);
        if (parsed.FirstProblem is { } problem)
        {
            error = problem;
            return false;
        }

        error = string.Empty;
        var values = parsed.Flags.GroupBy(f => f.Flag.Name[2..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.Ordinal);
        if (!values.TryGetValue("product", out var product) || !File.Exists(product))
        {
            error = "--product must name the built UpstreamMonitor.dll";
            return false;
        }

        try
        {
            options = new SoakOptions
            {
                ProductPath = Path.GetFullPath(product),
                Duration = TimeSpan.FromMinutes(Number(values, "duration-minutes", 30)),
                Nodes = (int)Number(values, "nodes", 200),
                FlapInterval = TimeSpan.FromMinutes(Number(values, "flap-minutes", 3)),
                SampleInterval = TimeSpan.FromSeconds(Number(values, "sample-seconds", 60)),
                PollMs = (int)Number(values, "poll-ms", 2000),
                TimeoutMs = (int)Number(values, "timeout-ms", 1000),
                Concurrency = (int)Number(values, "concurrency", 64),
                Seed = (int)Number(values, "seed", 7),
                CsvPath = values.GetValueOrDefault("csv", "docs/soak.csv"),
                SummaryPath = values.GetValueOrDefault("summary", "docs/soak.md"),
                LogPath = values.GetValueOrDefault("log", "artifacts/soak/monitor.log"),
                WorkDirectory = values.GetValueOrDefault("work", "artifacts/soak"),
                CountersTool = values.GetValueOrDefault("counters"),
            };
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }

        return true;
    }

    private static double Number(Dictionary<string, string> values, string name, double fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"--{name} must be a positive number (was '{text}')");
    }
}
