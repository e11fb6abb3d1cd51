using System.Globalization;

namespace UpstreamMonitor.CommandLine;

/// <summary>Whether a flag takes a value.</summary>
public enum FlagArity
{
    /// <summary>A switch: <c>--help</c>.</summary>
    None,

    /// <summary><c>--flag value</c> or <c>--flag=value</c>.</summary>
    Required,

    /// <summary>An integer that may be left out (<c>--demo [N]</c>): the next argument is taken only if it is one.</summary>
    OptionalNumber,
}

/// <summary>One flag a program accepts.</summary>
/// <param name="Name">The flag, with its dashes: <c>--poll-ms</c>.</param>
/// <param name="Arity">Whether it takes a value.</param>
/// <param name="ValueName">The value's placeholder in usage and errors (<c>MS</c>).</param>
/// <param name="ImplicitValue">The value of an <see cref="FlagArity.OptionalNumber"/> flag given alone.</param>
/// <param name="Aliases">Other spellings (<c>-h</c>).</param>
public sealed record FlagDefinition(
    string Name, FlagArity Arity, string? ValueName = null, string? ImplicitValue = null, IReadOnlyList<string>? Aliases = null)
{
    /// <summary>The flag with its value placeholder, as in usage: <c>--poll-ms MS</c>, <c>--demo [N]</c>.</summary>
    public string Usage => Arity switch
    {
        FlagArity.None => Name,
        FlagArity.OptionalNumber => $"{Name} [{ValueName}]",
        _ => $"{Name} {ValueName}",
    };
}

/// <summary>A flag as given: its value (null for a switch) and how it was written.</summary>
public sealed record FlagOccurrence(FlagDefinition Flag, string? Value, string Spelling);

/// <summary>What <see cref="FlagParser.Parse"/> found, in argument order.</summary>
public sealed class ParsedArguments(
    IReadOnlyList<FlagOccurrence> flags,
    IReadOnlyList<KeyValuePair<string, string>> configuration,
    IReadOnlyList<string> errors,
    string? usageError)
{
    /// <summary>Every known flag given, with its value, in argument order.</summary>
    public IReadOnlyList<FlagOccurrence> Flags { get; } = flags;

    /// <summary><c>--Section:Key=value</c> arguments the caller accepted as configuration keys.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Configuration { get; } = configuration;

    /// <summary>Every problem with a known flag (a missing value, a value given to a switch).</summary>
    public IReadOnlyList<string> Errors { get; } = errors;

    /// <summary>The first unknown flag or stray argument: the rest of the line may mean something else, so only this
    /// one is worth reporting.</summary>
    public string? UsageError { get; } = usageError;

    /// <summary>The first problem of either kind, for programs that report one and stop.</summary>
    public string? FirstProblem => UsageError ?? (Errors.Count > 0 ? Errors[0] : null);

    /// <summary>Whether <paramref name="flag"/> was given at all.</summary>
    public bool Has(FlagDefinition flag) => Flags.Any(f => ReferenceEquals(f.Flag, flag));

    /// <summary>The last value of a repeated flag wins, as in most Unix tools.</summary>
    public string? Last(FlagDefinition flag) => Flags.LastOrDefault(f => ReferenceEquals(f.Flag, flag))?.Value;

    /// <summary>Every value of a repeatable flag, in order.</summary>
    public IEnumerable<string> All(FlagDefinition flag) =>
        Flags.Where(f => ReferenceEquals(f.Flag, flag) && f.Value is not null).Select(f => f.Value!);
}

/// <summary>
/// The one argument parser of the host, the simulator, the soak and the benchmark driver (decision 0111): GNU-style
/// <c>--flag value</c> / <c>--flag=value</c>, values that look like negative numbers stay values, a typo gets a
/// suggestion. Small on purpose: it only splits arguments; each program converts and checks its own values.
/// </summary>
public static class FlagParser
{
    /// <param name="args">The command line.</param>
    /// <param name="flags">The flags the program accepts.</param>
    /// <param name="isConfigurationKey">Which <c>--key=value</c> arguments that are not flags the program takes as
    /// configuration (ASP.NET Core's <c>--Monitor:PollMs=1000</c>); null for none.</param>
    public static ParsedArguments Parse(
        IReadOnlyList<string> args, IReadOnlyList<FlagDefinition> flags, Func<string, bool>? isConfigurationKey = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(flags);
        var found = new List<FlagOccurrence>();
        var configuration = new List<KeyValuePair<string, string>>();
        var errors = new List<string>();
        string? usageError = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var alias = flags.FirstOrDefault(f => f.Aliases?.Contains(arg, StringComparer.Ordinal) == true);
            if (alias is not null)
            {
                found.Add(new(alias, null, arg));
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                usageError ??= $"unexpected argument '{arg}' (flags start with --)";
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var inline = equals < 0 ? null : arg[(equals + 1)..];
            var flag = flags.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
            if (flag is null && inline is not null && isConfigurationKey?.Invoke(name[2..]) == true)
            {
                configuration.Add(new(name[2..], inline));
                continue;
            }

            if (flag is null)
            {
                usageError ??= Suggest(name, flags) is { } suggestion
                    ? $"unknown flag '{name}' (did you mean {suggestion}?)"
                    : $"unknown flag '{name}'";

                // `--pol-ms 4000`: the value belongs to the mistyped flag, not a second mistake.
                if (inline is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    i++;
                }

                continue;
            }

            switch (flag.Arity)
            {
                case FlagArity.None:
                    if (inline is not null)
                    {
                        errors.Add($"{name}: takes no value");
                    }

                    found.Add(new(flag, null, name));
                    break;

                case FlagArity.OptionalNumber:
                    var optional = inline
                        ?? (i + 1 < args.Count && IsInteger(args[i + 1]) ? args[++i] : flag.ImplicitValue);
                    found.Add(new(flag, optional, name));
                    break;

                default:
                    var value = inline;
                    if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        value = args[++i];
                    }

                    if (string.IsNullOrWhiteSpace(value))
                    {
                        errors.Add($"{name}: missing value ({flag.Usage})");
                        break;
                    }

                    found.Add(new(flag, value, name));
                    break;
            }
        }

        return new ParsedArguments(found, configuration, errors, usageError);
    }

    private static bool IsInteger(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>The known flag closest to a mistyped one (at most two edits away).</summary>
    private static string? Suggest(string name, IReadOnlyList<FlagDefinition> flags) =>
        flags.Select(f => (f.Name, Distance: EditDistance(name, f.Name)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
