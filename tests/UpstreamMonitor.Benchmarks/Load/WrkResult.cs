using System.Globalization;
using System.Text.RegularExpressions;

namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>What <c>wrk --latency</c> printed: throughput, the latency distribution and any errors.</summary>
internal sealed partial record WrkResult(
    double RequestsPerSecond,
    long Requests,
    TimeSpan Duration,
    TimeSpan P50,
    TimeSpan P75,
    TimeSpan P90,
    TimeSpan P99,
    long Non2xx,
    long SocketErrors)
{
    public static WrkResult Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rps = RequestsPerSecondPattern().Match(output);
        var total = TotalPattern().Match(output);
        if (!rps.Success || !total.Success)
        {
            throw new FormatException("wrk output has no 'Requests/sec' or 'N requests in T' line; was --latency given and did it run?");
        }

        var distribution = new Dictionary<int, TimeSpan>();
        foreach (Match m in DistributionPattern().Matches(output))
        {
            distribution[int.Parse(m.Groups["p"].Value, CultureInfo.InvariantCulture)] = ParseDuration(m.Groups["v"].Value, m.Groups["u"].Value);
        }

        if (!distribution.TryGetValue(50, out var p50) || !distribution.TryGetValue(99, out var p99))
        {
            throw new FormatException("wrk output has no latency distribution (run it with --latency).");
        }

        var non2xx = Non2xxPattern().Match(output);
        long socketErrors = 0;
        var socket = SocketErrorsPattern().Match(output);
        if (socket.Success)
        {
            foreach (var group in new[] { "c", "r", "w", "t" })
            {
                socketErrors += long.Parse(socket.Groups[group].Value, CultureInfo.InvariantCulture);
            }
        }

        return new WrkResult(
            double.Parse(rps.Groups["v"].Value, CultureInfo.InvariantCulture),
            long.Parse(total.Groups["n"].Value, CultureInfo.InvariantCulture),
            ParseDuration(total.Groups["d"].Value, total.Groups["u"].Value),
            p50,
            distribution.GetValueOrDefault(75, p50),
            distribution.GetValueOrDefault(90, p99),
            p99,
            non2xx.Success ? long.Parse(non2xx.Groups["n"].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors);
    }

    /// <summary>wrk prints durations as <c>240.00us</c>, <c>1.20ms</c>, <c>2.00s</c> or <c>1.00m</c>.</summary>
    internal static TimeSpan ParseDuration(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => TimeSpan.FromTicks((long)Math.Round(number * 10)),
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => throw new FormatException($"Unknown wrk duration unit '{unit}'."),
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+(?<v>[0-9.]+)")]
    private static partial Regex RequestsPerSecondPattern();

    [GeneratedRegex(@"(?<n>\d+) requests in (?<d>[0-9.]+)(?<u>us|ms|s|m|h)")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"^\s+(?<p>50|75|90|99)%\s+(?<v>[0-9.]+)(?<u>us|ms|s|m|h)\s*$", RegexOptions.Multiline)]
    private static partial Regex DistributionPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(?<n>\d+)")]
    private static partial Regex Non2xxPattern();

    [GeneratedRegex(@"Socket errors: connect (?<c>\d+), read (?<r>\d+), write (?<w>\d+), timeout (?<t>\d+)")]
    private static partial Regex SocketErrorsPattern();
}
