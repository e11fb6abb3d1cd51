using System.Globalization;
using UpstreamMonitor.Benchmarks.Driver;
using UpstreamMonitor.Benchmarks.Reporting;
using UpstreamMonitor.Benchmarks.Rigs;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.Scenarios;

/// <summary>Scenario 3: peers that never answer must not hold a round past its budget nor hide a healthy result.</summary>
internal sealed class HungPeersScenario : IBenchmarkScenario
{
    public string Name => "hung-peers";

    public string Title => "3. Hung peers";

    public string Measures =>
        "One node, then 10% of N, never answer (accept-and-hang, and a full accept queue so even connect hangs). " +
        "Every round must end within its budget ceil(N / C) × 2 × timeout + timeout with every healthy node's result " +
        "published; the gate capacity still held by stragglers when the next round starts is reported.";

    public async Task RunAsync(ScenarioContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var n = context.Pick(10, 1000);
        const int capacity = 64;
        var timeoutMs = context.Pick(300, 1_000);
        var latency = context.Pick(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100));
        var rounds = context.Pick(2, 3);
        var table = new ResultTable(
            string.Create(CultureInfo.InvariantCulture, $"N = {n}, C = {capacity}, timeout = {timeoutMs} ms, L = {latency.TotalMilliseconds:0} ms, {rounds} rounds each"),
            "hang kind", "hung", "budget", "longest round", "within budget", "healthy published", "abandoned / round", "carried in-flight next round (max)");
        result.Tables.Add(table);

        var allWithinBudget = true;
        var allPublished = true;
        foreach (var kind in new[] { HangKind.AcceptAndHang, HangKind.FullAcceptQueue })
        {
            foreach (var hung in new[] { 1, Math.Max(1, n / 10) }.Distinct())
            {
                var spec = new DevnetSpec(n, latency) { Hung = hung, HangKind = kind };
                await using var devnet = await DevnetRig.StartAsync(spec, cancellationToken).ConfigureAwait(false);
                await using var monitor = MonitorRig.Create(devnet.Upstreams, new MonitorRigSettings { PollConcurrency = capacity, TimeoutMs = timeoutMs });
                var healthy = devnet.Upstreams.Count(u => !devnet.HungNames.Contains(u.Name));
                TimeSpan longest = TimeSpan.Zero, budget = TimeSpan.Zero;
                int minPublished = int.MaxValue, maxCarried = 0;
                var abandoned = new List<int>();
                var withinBudget = true;
                for (var r = 0; r < rounds; r++)
                {
                    var started = context.Time.GetTimestamp();
                    var round = await monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);
                    var elapsed = context.Time.GetElapsedTime(started);
                    budget = round.Budget;
                    longest = elapsed > longest ? elapsed : longest;

                    // The engine's own clock says when the round ended; the wall clock around the call includes publication.
                    withinBudget &= round.Duration <= round.Budget;
                    abandoned.Add(round.Abandoned);
                    if (r > 0)
                    {
                        maxCarried = Math.Max(maxCarried, round.InFlight);
                    }

                    var snapshot = monitor.Snapshots.Current;
                    var published = snapshot.Upstreams.Count(u => !devnet.HungNames.Contains(u.Name) && u.State == UpstreamPollState.Ok && u.LastPolledRound == round.Number);
                    minPublished = Math.Min(minPublished, published);
                }

                allWithinBudget &= withinBudget;
                allPublished &= minPublished == healthy;
                table.Add(
                    kind == HangKind.AcceptAndHang ? "accept and hang" : "full accept queue",
                    hung.ToString(CultureInfo.InvariantCulture),
                    FigureFormat.Ms(budget),
                    FigureFormat.Ms(longest),
                    withinBudget ? "yes" : "NO",
                    $"{minPublished} / {healthy}",
                    string.Join(", ", abandoned),
                    maxCarried.ToString(CultureInfo.InvariantCulture));
                var key = string.Create(CultureInfo.InvariantCulture, $"{(kind == HangKind.AcceptAndHang ? "hang" : "queue")}_{hung}");
                result.Metrics[$"{key}_longest_round_ms"] = longest.TotalMilliseconds;
                result.Metrics[$"{key}_budget_ms"] = budget.TotalMilliseconds;
                result.Metrics[$"{key}_healthy_published_min"] = minPublished;
                result.Metrics[$"{key}_carried_in_flight_max"] = maxCarried;
                context.Info($"   {kind} x{hung}: longest {longest.TotalMilliseconds:0} ms of {budget.TotalMilliseconds:0} ms budget, published {minPublished}/{healthy}");
            }
        }

        result.Targets.Add(new TargetCheck("every round ends within its budget", "all rounds", allWithinBudget ? "all rounds" : "some rounds over budget", allWithinBudget, allWithinBudget ? null : "a regression in the round deadline: see the rows marked NO."));
        result.Targets.Add(new TargetCheck("every healthy upstream's result published", "every round", allPublished ? "every round" : "some missing", allPublished, allPublished ? null : "a hung node held back healthy results: see the published column."));
    }
}
