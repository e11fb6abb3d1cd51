using System.Diagnostics;
using System.Net;

namespace UpstreamMonitor.Tests.Http;

public sealed class MetricsEndpointTests
{
    /// <summary>leanpoint's names end in <c>_ms</c>; kept for compatibility, they are the only lint promtool may raise (decision 0502).</summary>
    private static readonly string[] LeanpointMillisecondNames =
        ["leanpoint_last_success_timestamp_ms", "leanpoint_last_updated_timestamp_ms", "leanpoint_last_latency_ms"];

    [Fact]
    public async Task Metrics_keep_leanpoints_names_and_add_per_upstream_and_round_series()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var at = factory.Time.GetUtcNow();
        await factory.PublishAsync(TestSnapshots.Round(
            3,
            at,
            TestSnapshots.Healthy("zeam_0", 44, 40, 36, round: 3, url: "http://alice:s3cret@127.0.0.1:5052/"),
            TestSnapshots.Healthy("ream_0", 44, 40, 36, round: 3),
            TestSnapshots.Unreachable("gean_0", round: 3)));

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split('\n');

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("leanpoint_justified_slot 40", lines);
        Assert.Contains("leanpoint_finalized_slot 36", lines);
        Assert.Contains($"leanpoint_last_success_timestamp_ms {at.ToUnixTimeMilliseconds()}", lines);
        Assert.Contains($"leanpoint_last_updated_timestamp_ms {at.ToUnixTimeMilliseconds()}", lines);
        Assert.Contains("leanpoint_last_latency_ms 250", lines);
        Assert.Contains("leanpoint_error_total 0", lines);
        Assert.Contains("upstream_monitor_upstream_up{upstream=\"zeam_0\",client=\"zeam\"} 1", lines);
        Assert.Contains("upstream_monitor_upstream_up{upstream=\"gean_0\",client=\"gean\"} 0", lines);
        Assert.Contains("upstream_monitor_upstream_head_slot{upstream=\"ream_0\",client=\"ream\"} 44", lines);
        Assert.Contains("upstream_monitor_upstream_finalized_slot{upstream=\"zeam_0\",client=\"zeam\"} 36", lines);
        Assert.Contains("upstream_monitor_upstream_errors_total{upstream=\"gean_0\",client=\"gean\"} 7", lines);
        Assert.Contains("upstream_monitor_upstream_poll_duration_seconds_count{upstream=\"zeam_0\",client=\"zeam\"} 1", lines);
        Assert.Contains("upstream_monitor_round_duration_seconds_count 1", lines);
        Assert.Contains("upstream_monitor_rounds_total 1", lines);
        Assert.Contains("upstream_monitor_round_jobs_abandoned_total 0", lines);
        Assert.Contains("upstream_monitor_round_jobs_skipped_total 0", lines);
        Assert.Contains("upstream_monitor_gate_in_flight 0", lines);
        Assert.Contains("upstream_monitor_has_finality 1", lines);
        Assert.Contains("upstream_monitor_checkpoint_state_downloads_total{result=\"ok\"} 0", lines);
        Assert.Contains("upstream_monitor_checkpoint_state_requests_total{code=\"200\"} 0", lines);
        Assert.Contains("upstream_monitor_checkpoint_state_served_bytes_total 0", lines);
        Assert.Contains("upstream_monitor_checkpoint_state_bytes 0", lines);

        // An upstream that never reported a slot has no slot series, rather than a misleading 0.
        Assert.DoesNotContain(lines, l => l.StartsWith("upstream_monitor_upstream_head_slot{upstream=\"gean_0\"", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_round_seen_twice_is_counted_once()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var snapshot = TestSnapshots.Devnet(1, factory.Time.GetUtcNow(), finalized: 8);

        await factory.PublishAsync(snapshot);
        await factory.PublishAsync(snapshot with { GateInFlight = 2 });
        await factory.PublishAsync(TestSnapshots.Devnet(2, factory.Time.GetUtcNow(), finalized: 8));
        var lines = (await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');

        Assert.Contains("upstream_monitor_rounds_total 2", lines);
        Assert.Contains("upstream_monitor_round_duration_seconds_count 2", lines);
        Assert.Contains("upstream_monitor_upstream_poll_duration_seconds_count{upstream=\"ream_0\",client=\"ream\"} 2", lines);
    }

    [Fact]
    public async Task A_removed_upstreams_series_go_away()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var at = factory.Time.GetUtcNow();
        await factory.PublishAsync(TestSnapshots.Devnet(1, at, finalized: 8));
        var before = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        await factory.PublishAsync(TestSnapshots.Round(
            2,
            at,
            TestSnapshots.Healthy("zeam_0", 16, 12, 8, 2),
            TestSnapshots.Healthy("ream_0", 16, 12, 8, 2)));
        var after = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("upstream=\"qlean_0\"", before, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream=\"qlean_0\"", after, StringComparison.Ordinal);
        Assert.Contains("upstream_monitor_upstream_up{upstream=\"ream_0\",client=\"ream\"} 1", after.Split('\n'));
    }

    [Fact]
    public async Task Promtool_accepts_the_output_and_only_lints_leanpoints_millisecond_names()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        await factory.PublishAsync(TestSnapshots.Round(
            4,
            factory.Time.GetUtcNow(),
            TestSnapshots.Healthy("zeam_0", 44, 40, 36, round: 4),
            TestSnapshots.Healthy("ream_0", 44, 40, 36, round: 4),
            TestSnapshots.Unreachable("gean_0", round: 4)));
        var exposition = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        var (exitCode, output) = await PromtoolCheckAsync(exposition);

        var complaints = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(exitCode is 0 or 3, $"promtool failed to parse the exposition (exit {exitCode}): {output}");
        Assert.All(complaints, line =>
        {
            var name = line.Split(' ')[0];
            Assert.Contains(name, LeanpointMillisecondNames);
            Assert.EndsWith("metric names should not contain abbreviated units", line, StringComparison.Ordinal);
        });
        Assert.Equal(exitCode == 0, complaints.Length == 0);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolCheckAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
