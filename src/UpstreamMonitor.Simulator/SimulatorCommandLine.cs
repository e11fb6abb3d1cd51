using System.Globalization;

namespace UpstreamMonitor.Simulator;

/// <summary>The standalone simulator's command line: devnet options plus where to write the upstreams file.</summary>
public sealed record SimulatorCommandLine(SimulatedDevnetOptions Options, string? UpstreamsPath, bool ShowHelp)
{
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

    /// <summary>Parses <paramref name="args"/>; on failure returns null and a message naming the flag.</summary>
    public static SimulatorCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SimulatedDevnetOptions();
        string? upstreams = null;
        var help = false;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            switch (flag)
            {
                case "--help" or "-h":
                    help = true;
                    continue;
                case "--all-healthy":
                    options.UseDefaultPersonaMix = false;
                    continue;
                case "--write-upstreams":
                    if (!TryValue(args, ref i, flag, out upstreams, out error))
                    {
                        return null;
                    }

                    continue;
                case "--nodes" or "--seed" or "--slot-ms" or "--state-bytes" or "--latency-ms":
                    if (!TryValue(args, ref i, flag, out var text, out error) || !TryNumber(flag, text, out var number, out error))
                    {
                        return null;
                    }

                    Apply(options, flag, number);
                    continue;
                default:
                    error = $"Unknown flag '{flag}'.";
                    return null;
            }
        }

        var invalid = options.Validate();
        if (invalid.Count > 0)
        {
            error = string.Join(Environment.NewLine, invalid);
            return null;
        }

        return new SimulatorCommandLine(options, upstreams, help);
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

    private static bool TryValue(IReadOnlyList<string> args, ref int i, string flag, out string value, out string? error)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            value = string.Empty;
            error = $"{flag} needs a value.";
            return false;
        }

        value = args[++i];
        error = null;
        return true;
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
