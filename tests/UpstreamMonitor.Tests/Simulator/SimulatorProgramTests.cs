using System.Text.Json;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

public sealed class SimulatorProgramTests
{
    [Theory]
    [InlineData("--bogus", "unknown flag '--bogus'")]
    [InlineData("--nodes", "--nodes: missing value (--nodes N)")]
    [InlineData("--nodes abc", "--nodes expects a non-negative integer, got 'abc'")]
    [InlineData("--slot-ms -5", "--slot-ms expects a non-negative integer, got '-5'")]
    [InlineData("--nodes 0", "NodeCount must be between 1 and 5000")]
    [InlineData("--state-bytes 10", "StateSizeBytes must be between 228")]
    [InlineData("--write-upstreams --nodes 3", "--write-upstreams: missing value (--write-upstreams PATH)")]
    public async Task Bad_flags_print_a_message_and_exit_2(string args, string message)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await SimulatorProgram.RunAsync(args.Split(' '), stdout, stderr, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage:", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public void Flags_set_the_devnet_options()
    {
        var parsed = SimulatorCommandLine.Parse(
            ["--nodes", "16", "--write-upstreams", "sim.json", "--seed", "-3", "--slot-ms", "250", "--state-bytes", "4096", "--latency-ms", "100", "--all-healthy"],
            out var error);

        Assert.Null(error);
        Assert.NotNull(parsed);
        Assert.Equal(16, parsed.Options.NodeCount);
        Assert.Equal("sim.json", parsed.UpstreamsPath);
        Assert.Equal(-3, parsed.Options.Seed);
        Assert.Equal(TimeSpan.FromMilliseconds(250), parsed.Options.SlotDuration);
        Assert.Equal(4096, parsed.Options.StateSizeBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(100), parsed.Options.ResponseLatency);
        Assert.False(parsed.Options.UseDefaultPersonaMix);
    }

    [Fact]
    public async Task Runs_prints_the_nodes_writes_the_upstreams_file_and_exits_0_when_stopped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.json");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        try
        {
            var run = SimulatorProgram.RunAsync(["--nodes", "4", "--write-upstreams", path], TextWriter.Synchronized(stdout), stderr, stop.Token);
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            {
                while (!stdout.ToString().Contains("Running", StringComparison.Ordinal) && !run.IsCompleted)
                {
                    await Task.Delay(20, deadline.Token);
                }
            }

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            await stop.CancelAsync();
            var exit = await run.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(0, exit);
            Assert.Equal(4, json.RootElement.GetProperty("upstreams").GetArrayLength());
            Assert.Matches(@"zeam_0\s+ZeamShape\s+http://127\.0\.0\.1:\d+", stdout.ToString());
            Assert.Matches(@"lantern_0\s+\w+\s+http://127\.0\.0\.1:\d+", stdout.ToString());
            Assert.Empty(stderr.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
