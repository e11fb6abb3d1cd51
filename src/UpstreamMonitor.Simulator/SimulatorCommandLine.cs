using System.Globalization;
using UpstreamMonitor.CommandLine;

namespace UpstreamMonitor.Simulator;

/// <summary>The standalone simulator's command line: devnet options plus where to write the upstreams file.</summary>
public sealed record SimulatorCommandLine(SimulatedDevnetOptions Options, string? UpstreamsPath, bool ShowHelp)
{
    /// <summary>The <c>--help</c> text.</summary>
    public const string Usage = """
        Usage: dotnet run --project src/UpstreamMonitor.Simulator -- [options]

        Runs a simulated lean devnet on 127.0.0.1 until Ctrl+C.

          --nodes N              number of nodes (default 8, at most 5000)
          --write-upstreams PATH write leanpoint's upstreams.json for the devnet to PATH
          --seed N               seed for personas, aggregators and roots (default 1)
          --slot-ms N            slot duration in milliseconds (default 4000)
          --state-bytes N        size of every finalized state in bytes (default 1048576, at least 228)
          --latency-ms N         delay before every response in milliseconds (default 0)
          --all-healthy          no faulty personas: every node healthy
          --help                 this text
        """;

    private static readonly FlagDefinition Help = new("--help", FlagArity.None, Aliases: ["-h"]);
    private static readonly FlagDefinition AllHealthy = new("--all-healthy", FlagArity.None);
    private static readonly FlagDefinition WriteUpstreams = new("--write-upstreams", FlagArity.Required, "PATH");
    private static readonly FlagDefinition[] Numbers =
    [
        new("--nodes", FlagArity.Required, "N"), new("--seed", FlagArity.Required, "N"), new("--slot-ms", FlagArity.Required, "N"),
        new("--state-bytes", FlagArity.Required, "N"), new("--latency-ms", FlagArity.Required, "N"),
    ];

    private static readonly FlagDefinition[] Flags = [Help, AllHealthy, WriteUpstreams, .. Numbers];

    /// <summary>Parses <paramref name="args"/>; on failure returns null and a message naming the flag.</summary>
    public static SimulatorCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        var parsed = FlagParser.Parse(args, Flags);
        error = parsed.FirstProblem;
        if (error is not null)
        {
            return null;
        }

        var options = new SimulatedDevnetOptions { UseDefaultPersonaMix = !parsed.Has(AllHealthy) };
        foreach (var occurrence in parsed.Flags.Where(f => Numbers.Contains(f.Flag)))
        {
            if (!TryNumber(occurrence.Spelling, occurrence.Value!, out var number, out error))
            {
                return null;
            }

            Apply(options, occurrence.Spelling, number);
        }

        var invalid = options.Validate();
        if (invalid.Count > 0)
        {
            error = string.Join(Environment.NewLine, invalid);
            return null;
        }

        return new SimulatorCommandLine(options, parsed.Last(WriteUpstreams), parsed.Has(Help));
    }

    private static void Apply(SimulatedDevnetOptions options, string flag, long number)
    {
        switch (flag)
        {
            case "--nodes":
                options.NodeCount = (int)Math.Min(number, int.MaxValue);
                break;
            case "--seed":
                options.Seed = number;
                break;
            case "--slot-ms":
                options.SlotDuration = TimeSpan.FromMilliseconds(number);
                break;
            case "--state-bytes":
                options.StateSizeBytes = number;
                break;
            default:
                options.ResponseLatency = TimeSpan.FromMilliseconds(number);
                break;
        }
    }

    private static bool TryNumber(string flag, string text, out long number, out string? error)
    {
        // Seeds may be any integer; every other number is a count or a duration and must not be negative.
        var parsed = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
        if (!parsed || (number < 0 && flag != "--seed") || (flag is "--slot-ms" or "--latency-ms" && number > int.MaxValue))
        {
            error = $"{flag} expects a non-negative integer, got '{text}'.";
            return false;
        }

        error = null;
        return true;
    }
}
