using UpstreamMonitor.Benchmarks.Load;

namespace UpstreamMonitor.Tests.Benchmarks;

public class WrkResultTests
{
    private const string Output = """
        Running 30s test @ http://127.0.0.1:41234/status
          1 threads and 8 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   412.31us  210.02us  12.40ms   93.12%
            Req/Sec    19.51k     1.02k   21.30k    71.00%
          Latency Distribution
             50%  380.00us
             75%  450.12us
             90%  560.40us
             99%    1.21ms
          582301 requests in 30.00s, 180.52MB read
          Socket errors: connect 0, read 2, write 0, timeout 1
          Non-2xx or 3xx responses: 7
        Requests/sec:  19409.87
        Transfer/sec:      6.02MB
        """;

    [Fact]
    public void Parses_throughput_and_the_latency_distribution()
    {
        var result = WrkResult.Parse(Output);

        Assert.Equal(19409.87, result.RequestsPerSecond, 6);
        Assert.Equal(582301, result.Requests);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Duration);
        Assert.Equal(TimeSpan.FromMicroseconds(380), result.P50);
        Assert.Equal(TimeSpan.FromMicroseconds(450.12), result.P75);
        Assert.Equal(TimeSpan.FromMicroseconds(560.4), result.P90);
        Assert.Equal(TimeSpan.FromMilliseconds(1.21), result.P99);
    }

    [Fact]
    public void Counts_non_2xx_responses_and_every_kind_of_socket_error()
    {
        var result = WrkResult.Parse(Output);

        Assert.Equal(7, result.Non2xx);
        Assert.Equal(3, result.SocketErrors);
    }

    [Fact]
    public void A_clean_run_has_no_errors()
    {
        var clean = Output
            .Replace("  Socket errors: connect 0, read 2, write 0, timeout 1\n", string.Empty, StringComparison.Ordinal)
            .Replace("  Non-2xx or 3xx responses: 7\n", string.Empty, StringComparison.Ordinal);

        var result = WrkResult.Parse(clean);

        Assert.Equal(0, result.Non2xx);
        Assert.Equal(0, result.SocketErrors);
    }

    [Fact]
    public void Output_without_latency_distribution_is_rejected_with_the_reason()
    {
        var withoutDistribution = string.Join('\n', Output.Split('\n').Where(l => !l.TrimStart().StartsWith("50%", StringComparison.Ordinal)));

        var error = Assert.Throws<FormatException>(() => WrkResult.Parse(withoutDistribution));
        Assert.Contains("--latency", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("250.00", "us", 0.25)]
    [InlineData("1.50", "ms", 1.5)]
    [InlineData("2.00", "s", 2000)]
    [InlineData("1.00", "m", 60000)]
    public void Durations_in_every_wrk_unit(string value, string unit, double expectedMs)
    {
        Assert.Equal(expectedMs, WrkResult.ParseDuration(value, unit).TotalMilliseconds, 6);
    }
}
