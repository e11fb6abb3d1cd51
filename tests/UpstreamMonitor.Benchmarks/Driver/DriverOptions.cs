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
          --help             this text
        """;

    public bool Smoke { get; init; }

    public bool List { get; init; }

    public bool Help { get; init; }

    public IReadOnlyList<string> Scenarios { get; init; } = [];

    public string? OutputDirectory { get; init; }

    /// <summary>Internal: run one scenario's measured part in this (child) process and print its figures as JSON.</summary>
    public string? Child { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming the bad flag.</summary>
    public static DriverOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DriverOptions();
        var scenarios = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--smoke":
                    options = options with { Smoke = true };
                    break;
                case "--list":
                    options = options with { List = true };
                    break;
                case "--help" or "-h":
                    options = options with { Help = true };
                    break;
                case "--scenario":
                    scenarios.AddRange(Value(args, ref i, arg).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--out":
                    options = options with { OutputDirectory = Value(args, ref i, arg) };
                    break;
                case "--child":
                    options = options with { Child = Value(args, ref i, arg) };
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{arg}'.");
            }
        }

        return options with { Scenarios = scenarios };
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string flag)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{flag} needs a value.");
        }

        return args[++i];
    }
}
