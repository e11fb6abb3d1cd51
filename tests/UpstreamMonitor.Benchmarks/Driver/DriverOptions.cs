using UpstreamMonitor.CommandLine;

namespace UpstreamMonitor.Benchmarks.Driver;

/// <summary>The driver's command line.</summary>
internal sealed record DriverOptions
{
    public const string Usage = """
        UpstreamMonitor benchmark suite (run it through ./scripts/bench.sh)

          --smoke            tiny N, seconds per scenario: proves every scenario runs end to end (CI)
          --scenario NAME    run only NAME (repeatable, or comma-separated); default: all
          --list             print the scenarios and what each measures, then exit
          --out DIR          write benchmarks.md and benchmarks.json into DIR (default: print a summary only)
          --previous FILE    the benchmarks.json to print every figure beside (default: the one in DIR)
          --help             this text
        """;

    public bool Smoke { get; init; }

    public bool List { get; init; }

    public bool Help { get; init; }

    public IReadOnlyList<string> Scenarios { get; init; } = [];

    public string? OutputDirectory { get; init; }

    /// <summary>The earlier run's benchmarks.json; by default the one <see cref="OutputDirectory"/> already holds.</summary>
    public string? PreviousReport { get; init; }

    /// <summary>Internal: run one scenario's measured part in this (child) process and print its figures as JSON.</summary>
    public string? Child { get; init; }

    private static readonly FlagDefinition SmokeFlag = new("--smoke", FlagArity.None);
    private static readonly FlagDefinition ListFlag = new("--list", FlagArity.None);
    private static readonly FlagDefinition HelpFlag = new("--help", FlagArity.None, Aliases: ["-h"]);
    private static readonly FlagDefinition ScenarioFlag = new("--scenario", FlagArity.Required, "NAME");
    private static readonly FlagDefinition OutFlag = new("--out", FlagArity.Required, "DIR");
    private static readonly FlagDefinition PreviousFlag = new("--previous", FlagArity.Required, "FILE");
    private static readonly FlagDefinition ChildFlag = new("--child", FlagArity.Required, "NAME");
    private static readonly FlagDefinition[] Flags = [SmokeFlag, ListFlag, HelpFlag, ScenarioFlag, OutFlag, PreviousFlag, ChildFlag];

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming the bad flag.</summary>
    public static DriverOptions Parse(IReadOnlyList<string> args)
    {
        var parsed = FlagParser.Parse(args, Flags);
        if (parsed.FirstProblem is { } problem)
        {
            throw new ArgumentException(problem);
        }

        return new DriverOptions
        {
            Smoke = parsed.Has(SmokeFlag),
            List = parsed.Has(ListFlag),
            Help = parsed.Has(HelpFlag),
            Scenarios = [.. parsed.All(ScenarioFlag).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            OutputDirectory = parsed.Last(OutFlag),
            PreviousReport = parsed.Last(PreviousFlag),
            Child = parsed.Last(ChildFlag),
        };
    }
}
