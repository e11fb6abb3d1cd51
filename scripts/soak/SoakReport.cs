using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Soak;

/// <summary>Writes the samples to CSV and the verdict to Markdown. Every figure comes from this run.</summary>
internal sealed class SoakReport
{
    private readonly SoakOptions _options;
    private readonly DateTimeOffset _started;
    private readonly DateTimeOffset _finished;
    private readonly IReadOnlyList<SoakSample> _samples;
    private readonly IReadOnlyList<ObservedRound> _rounds;
    private readonly long _missed;
    private readonly long _apiFailures;
    private readonly MonitorProcessFacts _log;
    private readonly (int ExitCode, TimeSpan Elapsed)? _termination;
    private readonly int _deals;
    private readonly bool _endedEarly;
    private readonly List<Trend> _trends;

    public SoakReport(
        SoakOptions options, DateTimeOffset started, DateTimeOffset finished, IReadOnlyList<SoakSample> samples,
        IReadOnlyList<ObservedRound> rounds, long missed, long apiFailures, MonitorProcessFacts log,
        (int ExitCode, TimeSpan Elapsed)? termination, int deals, bool endedEarly)
    {
        _options = options;
        _started = started;
        _finished = finished;
        _samples = samples;
        _rounds = rounds;
        _missed = missed;
        _apiFailures = apiFailures;
        _log = log;
        _termination = termination;
        _deals = deals;
        _endedEarly = endedEarly;

        // Second half only: the first is warm-up (JIT tiers, connection pools, GC budgets settling).
        var half = samples.Count == 0 ? 0 : samples[^1].Minute / 2;
        var tail = samples.Where(s => s.Minute >= half).ToList();
        _trends =
        [
            Trend.Fit("RSS (MiB)", [.. tail.Select(s => (s.Minute, s.Process.RssMiB))], 0.05, 8),
            Trend.Fit("Managed heap (MiB)", [.. tail.Where(s => s.Process.ManagedHeapMiB is not null).Select(s => (s.Minute, s.Process.ManagedHeapMiB!.Value))], 0.05, 4),
            Trend.Fit("Threads", [.. tail.Select(s => (s.Minute, (double)s.Process.Threads))], 0, 4),
            Trend.Fit("Open fds", [.. tail.Select(s => (s.Minute, (double)s.Process.OpenFds))], 0, 8),
        ];
    }

    private int OverBudget => _rounds.Count(r => r.DurationMs > r.BudgetMs + SoakRun.BudgetTolerance.TotalMilliseconds);

    private bool NoTrend => _trends.All(t => !t.Rising && !double.IsInfinity(t.Allowed));

    private bool NoUnhandled => _log.UnhandledExceptions == 0 && _log.Fatal == 0;

    private bool RoundsOnTime => _rounds.Count > 0 && OverBudget == 0;

    private bool CleanExit => _termination is { ExitCode: 0 } t && t.Elapsed <= TimeSpan.FromSeconds(5);

    public bool Passed => NoTrend && NoUnhandled && RoundsOnTime && CleanExit && !_endedEarly;

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_options.CsvPath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_options.SummaryPath))!);
        await File.WriteAllTextAsync(_options.CsvPath, Csv(), cancellationToken);
        await File.WriteAllTextAsync(_options.SummaryPath, Markdown(), cancellationToken);
    }

    private string Csv()
    {
        var csv = new StringBuilder(
            "minute,utc,rss_mib,managed_heap_mib,threads,open_fds,gen2_collections,rounds_total,rounds_in_interval," +
            "round_ms_max,round_ms_mean,budget_ms,over_budget,abandoned,skipped,consensus_share,healthy,hung,failing,forked\n");
        foreach (var s in _samples)
        {
            csv.AppendLine(string.Join(',',
                F(s.Minute, "0.00"), s.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                F(s.Process.RssMiB, "0.0"), F(s.Process.ManagedHeapMiB, "0.0"), I(s.Process.Threads), I(s.Process.OpenFds),
                F(s.Process.Gen2Collections, "0"), I(s.RoundsTotal), I(s.RoundsInInterval), F(s.RoundMsMax, "0"), F(s.RoundMsMean, "0"),
                F(s.BudgetMs, "0"), I(s.OverBudget), I(s.Abandoned), I(s.Skipped), F(s.ConsensusShare, "0.00"),
                I(s.Personas.GetValueOrDefault(Persona.Healthy)), I(s.Personas.GetValueOrDefault(Persona.Hung)),
                I(s.Personas.GetValueOrDefault(Persona.Failing)), I(s.Personas.GetValueOrDefault(Persona.MinorityFork))));
        }

        return csv.ToString();
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        var minutes = (_finished - _started).TotalMinutes;
        md.AppendLine("# Soak run").AppendLine()
          .AppendLine(Inv($"**Verdict: {(Passed ? "PASS" : "FAIL")}**{(_endedEarly ? " (run ended early)" : string.Empty)}")).AppendLine()
          .AppendLine("Produced by `scripts/soak.sh` (see the section \"Soak\" in the README); the per-minute samples are in")
          .AppendLine("[`soak.csv`](soak.csv). Every figure below comes from this run.").AppendLine()
          .AppendLine("| | |").AppendLine("|---|---|")
          .AppendLine(Inv($"| Run | {_started:yyyy-MM-dd HH:mm} to {_finished:HH:mm} UTC ({minutes:0.0} min) |"))
          .AppendLine(Inv($"| Commit | `{Environment.GetEnvironmentVariable("SOAK_COMMIT") ?? "unknown"}` |"))
          .AppendLine(Inv($"| Machine | {Environment.ProcessorCount} cores, {MachineMemoryGiB():0.0} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription} |"))
          .AppendLine(Inv($"| Devnet | {_options.Nodes} simulated upstreams (real Kestrel listeners on 127.0.0.1), slot 4 s, 5 ms response latency |"))
          .AppendLine(Inv($"| Flapping | personas re-dealt every {_options.FlapInterval.TotalMinutes:0.#} min ({_deals} deals): 65% healthy, 12% hung, 13% failing (500), 10% minority fork |"))
          .AppendLine(Inv($"| Monitor | `--poll-ms {_options.PollMs} --timeout-ms {_options.TimeoutMs} --poll-concurrency {_options.Concurrency}`, a child process (`dotnet UpstreamMonitor.dll`) |"))
          .AppendLine(Inv($"| Sampling | every {_options.SampleInterval.TotalSeconds:0} s: RSS, threads, open fds from `/proc/PID`; managed heap after the latest GC (all generations) from `dotnet-counters` (`System.Runtime`); every round from `/api/upstreams` |"))
          .AppendLine();

        md.AppendLine("## Criteria").AppendLine()
          .AppendLine("| Criterion | Result | Evidence |").AppendLine("|---|---|---|")
          .AppendLine(Inv($"| No upward trend beyond noise (second half) | {Mark(NoTrend)} | see the trend table |"))
          .AppendLine(Inv($"| No unhandled exception in the log | {Mark(NoUnhandled)} | {_log.UnhandledExceptions} unhandled-exception lines, {_log.Fatal} fatal, {_log.Errors} error, {_log.Warnings} warning lines of {_log.Lines} |"))
          .AppendLine(Inv($"| Every round within its budget (+{SoakRun.BudgetTolerance.TotalMilliseconds:0} ms timer tolerance) | {Mark(RoundsOnTime)} | {_rounds.Count} rounds observed, {OverBudget} over budget, {_missed} not observed |"))
          .AppendLine(Inv($"| SIGTERM at the end: exit 0 within 5 s | {Mark(CleanExit)} | {(_termination is { } exit ? Inv($"exit code {exit.ExitCode} after {exit.Elapsed.TotalMilliseconds:0} ms") : "did not exit within 10 s")} |"))
          .AppendLine();

        md.AppendLine("## Trends (least-squares fit over the second half)").AppendLine()
          .AppendLine("Allowed growth over the window is the largest of: twice the residual standard deviation (noise), 5% of the")
          .AppendLine("mean (memory), and a floor (8 MiB RSS, 4 MiB heap, 4 threads, 8 fds). See decision 0801.").AppendLine()
          .AppendLine("| Series | Mean | Slope / min | Growth over window | Noise (σ) | Allowed | Rising? |")
          .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var t in _trends)
        {
            md.AppendLine(Inv($"| {t.Series} | {t.Mean:0.0} | {t.SlopePerMinute:+0.000;-0.000;0} | {t.GrowthOverWindow:+0.0;-0.0;0} | {t.ResidualStdDev:0.00} | {t.Allowed:0.0} | {(t.Rising ? "**yes**" : "no")} |"));
        }

        md.AppendLine();
        if (_samples.Count > 0)
        {
            var first = _samples[0].Process;
            var last = _samples[^1].Process;
            var peakRss = _samples.Max(s => s.Process.RssMiB);
            md.AppendLine("## Process figures").AppendLine()
              .AppendLine("| | First sample | Last sample | Peak |").AppendLine("|---|---|---|---|")
              .AppendLine(Inv($"| RSS (MiB) | {first.RssMiB:0.0} | {last.RssMiB:0.0} | {peakRss:0.0} |"))
              .AppendLine(Inv($"| Managed heap (MiB) | {first.ManagedHeapMiB:0.0} | {last.ManagedHeapMiB:0.0} | {_samples.Max(s => s.Process.ManagedHeapMiB ?? 0):0.0} |"))
              .AppendLine(Inv($"| Threads | {first.Threads} | {last.Threads} | {_samples.Max(s => s.Process.Threads)} |"))
              .AppendLine(Inv($"| Open fds | {first.OpenFds} | {last.OpenFds} | {_samples.Max(s => s.Process.OpenFds)} |"))
              .AppendLine();
        }

        if (_rounds.Count > 0)
        {
            var durations = _rounds.Select(r => r.DurationMs).Order().ToList();
            md.AppendLine("## Rounds").AppendLine()
              .AppendLine("| Rounds | Budget (ms) | Duration p50 / p99 / max (ms) | Max duration / budget | With consensus | Abandoned jobs | Skipped |")
              .AppendLine("|---|---|---|---|---|---|---|")
              .AppendLine(Inv($"| {_rounds.Count} | {_rounds.Max(r => r.BudgetMs):0} | {Percentile(durations, 0.50):0} / {Percentile(durations, 0.99):0} / {durations[^1]:0} | {_rounds.Max(r => r.DurationMs / r.BudgetMs):0.00} | {_rounds.Count(r => r.HasConsensus) * 100.0 / _rounds.Count:0}% | {_rounds.Sum(r => (long)r.Abandoned)} | {_rounds.Sum(r => (long)r.Skipped)} |"))
              .AppendLine();
        }

        if (_apiFailures > 0)
        {
            md.AppendLine(Inv($"`/api/upstreams` failed to answer {_apiFailures} times out of ~{minutes * 120:0} polls.")).AppendLine();
        }

        if (_log.ErrorSamples.Count > 0)
        {
            md.AppendLine("## First error lines in the monitor's log").AppendLine().AppendLine("```");
            foreach (var line in _log.ErrorSamples)
            {
                md.AppendLine(line);
            }

            md.AppendLine("```").AppendLine();
        }

        return md.ToString();
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static double MachineMemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return double.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / (1024 * 1024);
    }

    private static string Mark(bool ok) => ok ? "PASS" : "**FAIL**";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string F(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? string.Empty;

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
