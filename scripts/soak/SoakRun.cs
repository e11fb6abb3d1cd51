using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Soak;

/// <summary>One sampling interval: the process reading plus what the rounds did since the previous sample.</summary>
internal sealed record SoakSample(
    double Minute,
    DateTimeOffset At,
    ProcessSample Process,
    long RoundsTotal,
    int RoundsInInterval,
    double? RoundMsMax,
    double? RoundMsMean,
    double? BudgetMs,
    int OverBudget,
    int Abandoned,
    int Skipped,
    double? ConsensusShare,
    IReadOnlyDictionary<Persona, int> Personas);

/// <summary>
/// The soak: a simulated devnet whose personas flap, the real monitor pointed at it as a child process, a sample of
/// the process every interval, then SIGTERM and a report (CSV + Markdown with a PASS/FAIL verdict).
/// </summary>
internal static class SoakRun
{
    /// <summary>Timer and scheduling granularity a round may overshoot its budget by and still count as on time.</summary>
    public static readonly TimeSpan BudgetTolerance = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync(SoakOptions options, TextWriter output, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.WorkDirectory);
        var upstreamsPath = Path.GetFullPath(Path.Combine(options.WorkDirectory, "upstreams.json"));
        var startedAt = timeProvider.GetUtcNow();

        await using var devnet = await SimulatedDevnet.StartAsync(
            new SimulatedDevnetOptions
            {
                NodeCount = options.Nodes,
                Seed = options.Seed,
                UseDefaultPersonaMix = false,
                ResponseLatency = TimeSpan.FromMilliseconds(5),
                TimeProvider = timeProvider,
            },
            cancellationToken);
        await devnet.WriteUpstreamsJsonAsync(upstreamsPath, cancellationToken);
        await output.WriteLineAsync($"soak: {options.Nodes} simulated upstreams, list at {upstreamsPath}");

        var dealer = new PersonaDealer(devnet, options.Seed);
        var samples = new List<SoakSample>();
        (int ExitCode, TimeSpan Elapsed)? termination;
        MonitorProcessFacts facts;
        IReadOnlyList<ObservedRound> rounds;
        long missed;
        long apiFailures;
        var endedEarly = false;

        await using (var monitor = await MonitorProcess.StartAsync(options.ProductPath, upstreamsPath, options, timeProvider, cancellationToken))
        {
            await output.WriteLineAsync($"soak: monitor pid {monitor.ProcessId} at {monitor.BaseUrl}, running {options.Duration.TotalMinutes:0.#} min");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var watcher = new RoundWatcher(monitor.BaseUrl, http, timeProvider);
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watching = watcher.RunAsync(stopWatching.Token);
            await using var counters = options.CountersTool is { } tool
                ? RuntimeCounters.Start(tool, monitor.ProcessId, Path.GetFullPath(Path.Combine(options.WorkDirectory, "counters.csv")))
                : null;
            var sampler = new ProcessSampler(monitor.ProcessId, monitor.BaseUrl, http);

            var personas = dealer.Deal();
            var begin = timeProvider.GetTimestamp();
            var nextSample = TimeSpan.Zero;
            var nextDeal = options.FlapInterval;
            var roundsSeen = 0;
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), timeProvider);
            try
            {
                while (true)
                {
                    var elapsed = timeProvider.GetElapsedTime(begin);
                    if (monitor.HasExited)
                    {
                        await output.WriteLineAsync("soak: the monitor exited on its own; stopping");
                        endedEarly = true;
                        break;
                    }

                    if (elapsed >= nextDeal)
                    {
                        personas = dealer.Deal();
                        nextDeal += options.FlapInterval;
                        await output.WriteLineAsync($"soak: {elapsed.TotalMinutes:0.0} min: personas re-dealt: {Describe(personas)}");
                    }

                    if (elapsed >= nextSample)
                    {
                        var all = watcher.Snapshot();
                        var fresh = all.Skip(roundsSeen).ToList();
                        roundsSeen = all.Count;
                        var sample = await sampler.SampleAsync(cancellationToken);
                        samples.Add(Summarize(elapsed, timeProvider.GetUtcNow(), sample, all, fresh, personas));
                        await output.WriteLineAsync(
                            $"soak: {elapsed.TotalMinutes:0.0} min: rss {sample.RssMiB:0.0} MiB, " +
                            $"threads {sample.Threads}, fds {sample.OpenFds}, rounds {all.Count} (+{fresh.Count})");
                        nextSample += options.SampleInterval;
                    }

                    if (elapsed >= options.Duration)
                    {
                        break;
                    }

                    await tick.WaitForNextTickAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                endedEarly = true;
                await output.WriteLineAsync("soak: interrupted; reporting what was sampled");
            }

            await stopWatching.CancelAsync();
            await watching;
            rounds = watcher.Snapshot();
            missed = watcher.Missed;
            apiFailures = watcher.ApiFailures;
            termination = await monitor.TerminateAsync(TimeSpan.FromSeconds(10));
            if (counters is not null)
            {
                var heap = await counters.ReadHeapAsync(CancellationToken.None);
                samples = [.. samples.Select(s => WithHeap(s, heap))];
            }

            facts = new MonitorProcessFacts(
                monitor.LogLines, monitor.WarningLines, monitor.ErrorLines, monitor.FatalLines, monitor.UnhandledExceptionLines,
                [.. monitor.ErrorSamples]);
        }

        var report = new SoakReport(options, startedAt, timeProvider.GetUtcNow(), samples, rounds, missed, apiFailures, facts, termination,
            dealer.Deals, endedEarly);
        await report.WriteAsync(cancellationToken);
        await output.WriteLineAsync($"soak: {(report.Passed ? "PASS" : "FAIL")}; wrote {options.CsvPath} and {options.SummaryPath}");
        return report.Passed ? 0 : 1;
    }

    private static SoakSample Summarize(
        TimeSpan elapsed, DateTimeOffset at, ProcessSample sample, IReadOnlyList<ObservedRound> all, List<ObservedRound> fresh,
        IReadOnlyDictionary<Persona, int> personas) =>
        new(
            elapsed.TotalMinutes,
            at,
            sample,
            all.Count == 0 ? 0 : all[^1].Number,
            fresh.Count,
            fresh.Count == 0 ? null : fresh.Max(r => r.DurationMs),
            fresh.Count == 0 ? null : fresh.Average(r => r.DurationMs),
            fresh.Count == 0 ? null : fresh.Max(r => r.BudgetMs),
            fresh.Count(r => r.DurationMs > r.BudgetMs + BudgetTolerance.TotalMilliseconds),
            fresh.Sum(r => r.Abandoned),
            fresh.Sum(r => r.Skipped),
            fresh.Count == 0 ? null : fresh.Count(r => r.HasConsensus) / (double)fresh.Count,
            personas);

    /// <summary>The latest runtime heap reading at or before the sample (readings come every 10 s).</summary>
    private static SoakSample WithHeap(SoakSample sample, IReadOnlyList<(DateTimeOffset At, double HeapMiB)> heap)
    {
        if (sample.Process.ManagedHeapMiB is not null)
        {
            return sample;
        }

        var reading = heap.LastOrDefault(h => h.At <= sample.At.AddSeconds(1));
        return reading.At == default ? sample : sample with { Process = sample.Process with { ManagedHeapMiB = reading.HeapMiB } };
    }

    private static string Describe(IReadOnlyDictionary<Persona, int> personas) =>
        string.Join(", ", personas.Select(p => $"{p.Key} {p.Value}"));
}

/// <summary>What the monitor's own log said over the run.</summary>
internal sealed record MonitorProcessFacts(
    long Lines, long Warnings, long Errors, long Fatal, long UnhandledExceptions, IReadOnlyList<string> ErrorSamples);
