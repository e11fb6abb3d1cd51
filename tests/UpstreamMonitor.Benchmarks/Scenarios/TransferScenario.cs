using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 4: bytes per round with large states, ours against leanpoint's full-state polling.</summary>
internal sealed class TransferScenario : IBenchmarkScenario
{
    public string Name => "transfer";

    public string Title => "4. Transfer";

    public string Measures =>
        "Bytes the nodes send per round (counted by the simulator) and the poller's peak memory with 16 MiB states at N = 64: " +
        "the real host (JSON fork choice and aggregator status per round, plus the checkpoint-sync cache's finalized-state " +
        "download per finalization) against leanpoint's approach of fetching the full state from every " +
        "upstream every round. Target: at least 50× fewer bytes per round.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var n = context.Pick(4, 64);
        var stateBytes = context.Pick(1L << 20, 16L << 20);
        var slot = context.Pick(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(400));
        var pollMs = context.Pick(250, 1_000);
        var ourRounds = context.Pick(3, 10);
        var theirRounds = context.Pick(1, 3);
        var spec = new DevnetSpec(n, TimeSpan.FromMilliseconds(10)) { StateBytes = stateBytes, SlotDuration = slot };
        await using var devnet = await DevnetRig.StartAsync(spec, cancellationToken).ConfigureAwait(false);
        var file = await UpstreamListFile.WriteAsync(devnet.Upstreams, cancellationToken).ConfigureAwait(false);
        try
        {
            devnet.ResetCounters();
            var ours = await ChildRun.RunAsync(context, ChildEntryPoints.HostTransfer, new Dictionary<string, string>
            {
                [UpstreamListFile.EnvironmentVariable] = file,
                [ChildEnvironment.Rounds] = ChildEnvironment.Of(ourRounds),
                [ChildEnvironment.PollMs] = ChildEnvironment.Of(pollMs),
            }, cancellationToken).ConfigureAwait(false);
            var ourTraffic = devnet.Read();
            var ourRoundCount = Math.Max(1, ours.Metric("rounds"));
            var ourPerRound = ourTraffic.BytesSent / ourRoundCount;
            var ourJsonPerRound = (ourTraffic.BytesSent - ourTraffic.StateBytes) / ourRoundCount;

            devnet.ResetCounters();
            var theirs = await ChildRun.RunAsync(context, ChildEntryPoints.Strategy, new Dictionary<string, string>
            {
                [UpstreamListFile.EnvironmentVariable] = file,
                [ChildEnvironment.Strategy] = "leanpoint",
                [ChildEnvironment.WarmupRounds] = "0",
                [ChildEnvironment.Rounds] = ChildEnvironment.Of(theirRounds),
                [ChildEnvironment.Concurrency] = ChildEnvironment.Of(64),
                [ChildEnvironment.MaxStateBytes] = ChildEnvironment.Of(stateBytes * 2),
            }, cancellationToken).ConfigureAwait(false);
            var theirPerRound = devnet.Read().BytesSent / (double)theirRounds;
            var ratio = theirPerRound / ourPerRound;

            var table = new ResultTable(
                string.Create(CultureInfo.InvariantCulture, $"N = {n}, state {FigureFormat.Bytes(stateBytes)}, slot {slot.TotalMilliseconds:0} ms, poll every {pollMs} ms"),
                "approach", "rounds", "finalizations seen", "state downloads", "bytes / round", "of which not state", "peak RSS", "peak managed heap");
            result.Tables.Add(table);
            table.Add("monitor: JSON per round + checkpoint-sync state download per finalization", $"{ourRoundCount:0}", $"{ours.Metric("finalizations"):0}",
                FigureFormat.Count(ourTraffic.StateRequests), FigureFormat.Bytes(ourPerRound), FigureFormat.Bytes(ourJsonPerRound),
                FigureFormat.Bytes(ours.Metric("peak_rss_bytes")), FigureFormat.Bytes(ours.Metric("peak_managed_bytes")));
            table.Add("leanpoint: full state from every upstream every round", theirRounds.ToString(CultureInfo.InvariantCulture), "n/a",
                FigureFormat.Count(theirRounds * n), FigureFormat.Bytes(theirPerRound), "",
                FigureFormat.Bytes(theirs.Metric("peak_rss_bytes")), FigureFormat.Bytes(theirs.Metric("peak_managed_bytes")));

            result.Metrics["ours_bytes_per_round"] = ourPerRound;
            result.Metrics["ours_rounds"] = ourRoundCount;
            result.Metrics["ours_finalizations"] = ours.Metric("finalizations");
            result.Metrics["ours_state_downloads"] = ourTraffic.StateRequests;
            result.Metrics["ours_non_state_bytes_per_round"] = ourJsonPerRound;
            result.Metrics["ours_peak_rss_bytes"] = ours.Metric("peak_rss_bytes");
            result.Metrics["leanpoint_bytes_per_round"] = theirPerRound;
            result.Metrics["leanpoint_peak_rss_bytes"] = theirs.Metric("peak_rss_bytes");
            result.Metrics["bytes_ratio"] = ratio;
            result.Notes.Add("A finalization every slot and at most one state download per round is the worst case for the monitor: real devnets finalize less often.");
            if (!context.Smoke)
            {
                result.Targets.Add(new TargetCheck(
                    "bytes per round at N = 64, 16 MiB states, leanpoint / ours",
                    "≥ 50×",
                    FigureFormat.Ratio(ratio),
                    ratio >= 50,
                    ratio >= 50 ? null : "one 16 MiB state download per finalization dominates; with a finalization every round the ceiling is N = 64×."));
            }

            context.Info($"   ours {ourPerRound:0} B/round, leanpoint {theirPerRound:0} B/round, {ratio:0.0}x");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
