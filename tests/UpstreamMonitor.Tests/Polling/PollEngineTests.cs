using Microsoft.Extensions.Logging;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Polling.Support;
using UpstreamMonitor.Upstreams;
using static UpstreamMonitor.Tests.Polling.Support.ScriptedLeanApiClient;

namespace UpstreamMonitor.Tests.Polling;

public sealed class PollEngineTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public async Task Dispatch_waits_on_the_gate_and_takes_the_slot_the_moment_it_frees()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100, PollConcurrency = 1 }, "a", "b", "c");
        foreach (var name in new[] { "a", "b", "c" })
        {
            h.Client.Answer(name, ForkChoice(40), Ms(100));
        }

        var round = h.Engine.RunRoundAsync(CancellationToken.None);
        await PollHarness.Until(() => h.Client.Calls("a") == 1, "a dispatched");
        await PollHarness.Settle();
        Assert.Equal(0, h.Client.Calls("b"));

        h.Time.Advance(Ms(100));
        await PollHarness.Until(() => h.Client.Calls("b") == 1, "b dispatched when a's slot freed");
        Assert.Equal(0, h.Client.Calls("c"));
        h.Time.Advance(Ms(100));
        await PollHarness.Until(() => h.Client.Calls("c") == 1, "c dispatched when b's slot freed");
        h.Time.Advance(Ms(100));
        var stats = await round.WaitAsync(Guard);

        Assert.Equal(1, h.Client.MaxConcurrent);
        Assert.Equal(Ms(300), stats.Duration); // no gap between jobs: each slot is reused at once
        Assert.Equal(Ms(700), stats.Budget);   // 3 batches × 2 × 100 + 100
        Assert.Equal(1, stats.Concurrency);
        Assert.Equal(3, stats.Completed);
        Assert.All(h.Current.Upstreams, r => Assert.Equal(UpstreamPollState.Ok, r.State));
    }

    [Fact]
    public async Task The_gate_caps_concurrency_and_the_round_takes_the_ideal_batches_times_latency()
    {
        var names = Enumerable.Range(0, 10).Select(i => $"n{i}").ToArray();
        var h = new PollHarness(new PollingOptions { TimeoutMs = 1_000, PollConcurrency = 3 }, names);
        foreach (var name in names)
        {
            h.Client.Answer(name, ForkChoice(40), Ms(100));
        }

        var round = h.Engine.RunRoundAsync(CancellationToken.None);
        foreach (var calls in new[] { 3, 6, 9, 10 })
        {
            await PollHarness.Until(() => h.Client.CallLog.Count == calls, $"{calls} calls");
            await PollHarness.Settle();
            Assert.Equal(calls, h.Client.CallLog.Count); // the gate holds the rest back
            h.Time.Advance(Ms(100));
        }

        var stats = await round.WaitAsync(Guard);

        Assert.Equal(3, h.Client.MaxConcurrent);
        Assert.Equal(Ms(400), stats.Duration); // ceil(10 / 3) × 100 ms
        Assert.Equal(10, stats.Dispatched);
        Assert.Equal(0, h.Current.GateInFlight);
    }

    [Fact]
    public async Task A_job_over_its_own_budget_times_out_without_abandoning_the_round()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100, PollConcurrency = 2 }, "a", "b");
        h.Client.Hang("a");
        h.Client.Answer("b", ForkChoice(40));

        var round = h.Engine.RunRoundAsync(CancellationToken.None);
        await PollHarness.Until(() => h.Client.Calls("a") == 1, "a dispatched");
        h.Time.Advance(Ms(200));
        var stats = await round.WaitAsync(Guard);

        Assert.Equal(Ms(200), stats.Duration);
        Assert.Equal(2, stats.Completed);
        Assert.Equal(1, stats.Failed);
        Assert.Equal(0, stats.Abandoned);
        var a = h.Row("a");
        Assert.Equal(UpstreamPollState.Timeout, a.State);
        Assert.Equal("timeout: no answer within the job budget of 200 ms", a.LastError);
        Assert.Equal(UpstreamPollState.Ok, h.Row("b").State);
    }

    [Fact]
    public async Task At_the_deadline_running_jobs_are_abandoned_undispatched_upstreams_skipped_and_the_round_ends_on_time()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100, PollConcurrency = 1 }, "a", "b", "c");
        h.Client.Stubborn("a");
        h.Client.Answer("b", ForkChoice(40));
        h.Client.Answer("c", ForkChoice(40));

        var round = h.Engine.RunRoundAsync(CancellationToken.None);
        await PollHarness.Until(() => h.Client.Calls("a") == 1, "a dispatched");
        h.Time.Advance(Ms(699));
        await PollHarness.Settle();
        Assert.False(round.IsCompleted);
        Assert.Equal(0, h.Client.Calls("b"));

        h.Time.Advance(Ms(1));
        var stats = await round.WaitAsync(Guard);

        Assert.Equal(Ms(700), stats.Duration); // exactly the budget: 3 × 200 + 100
        Assert.Equal((1, 0, 1, 2), (stats.Dispatched, stats.Completed, stats.Abandoned, stats.Skipped));
        Assert.True(h.Client.Tokens("a")[0].IsCancellationRequested);
        var a = h.Row("a");
        Assert.Equal(UpstreamPollState.Timeout, a.State);
        Assert.Equal(PollOutcome.AbandonedError, a.LastError);
        Assert.Equal(1, a.ErrorCount);
        Assert.Equal(UpstreamPollState.Skipped, h.Row("b").State);
        Assert.Equal(UpstreamPollState.Skipped, h.Row("c").State);
        Assert.Equal(1, h.Current.GateInFlight); // the straggler still holds its slot
        Assert.Equal("all upstreams failed: timeout (abandoned)", h.Current.Status.LastError);
    }

    [Fact]
    public async Task A_straggler_keeps_its_slot_into_the_next_round_is_not_dispatched_twice_and_its_late_result_is_discarded()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100, PollConcurrency = 1 }, "a", "b");
        var straggler = h.Client.Stubborn("a");
        h.Client.Answer("b", ForkChoice(40));

        var first = h.Engine.RunRoundAsync(CancellationToken.None);
        await PollHarness.Until(() => h.Client.Calls("a") == 1, "a dispatched");
        h.Time.Advance(Ms(500)); // 2 × 200 + 100
        await first.WaitAsync(Guard);
        var afterFirst = h.Current;

        // Round 2: a still runs, so it shows in flight; b waits for the slot the straggler holds.
        var second = h.Engine.RunRoundAsync(CancellationToken.None);
        await PollHarness.Settle();
        Assert.False(second.IsCompleted);
        Assert.Equal(0, h.Client.Calls("b"));
        Assert.Equal(1, h.Engine.Gate.InFlight);

        // The straggler finally answers, with a result that must never be published; its slot goes to b at once.
        straggler.SetResult(ForkChoice(999, 'z'));
        var stats = await second.WaitAsync(Guard);

        Assert.Equal((1, 1, 1, 0), (stats.Dispatched, stats.Completed, stats.InFlight, stats.Skipped));
        Assert.Equal(1, h.Client.Calls("a"));
        Assert.Equal(1, h.Client.MaxConcurrentFor("a"));
        var a = h.Row("a");
        Assert.Equal(UpstreamPollState.InFlight, a.State);
        Assert.Equal(PollOutcome.AbandonedError, a.LastError);
        Assert.Equal(UpstreamPollState.Ok, h.Row("b").State);
        Assert.DoesNotContain(h.Published, s => s.Upstreams.Any(u => u.Chain.Finalized.Slot == 999));
        Assert.Equal(UpstreamPollState.Timeout, afterFirst.Upstreams[0].State); // published snapshots never change

        // Round 3: a is free again and polled normally.
        h.Client.Answer("a", ForkChoice(41));
        h.Client.Answer("b", ForkChoice(41));
        var third = await h.Engine.RunRoundAsync(CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(2, third.Completed);
        Assert.Equal(2, h.Client.Calls("a"));
        Assert.Equal(41, h.Row("a").Chain.Finalized.Slot);
        Assert.Equal(0, h.Row("a").ErrorCount);
        Assert.Equal(0, h.Engine.RunningJobs);
        Assert.Equal(0, h.Current.GateInFlight);
    }

    [Fact]
    public async Task The_snapshot_carries_rows_in_order_consensus_forks_status_and_round_statistics()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100 }, "zeam_0", "ream_0", "qlean_0", "gean_0", "nlean_0");
        h.Client.Answer("zeam_0", ForkChoice(40, head: 48));
        h.Client.Answer("ream_0", ForkChoice(40, head: 48));
        h.Client.Answer("qlean_0", ForkChoice(40, head: 48));
        h.Client.Answer("gean_0", ForkChoice(36, 'e', head: 44, headRoot: 'k'));
        h.Client.Fail("nlean_0", new LeanApiError(LeanApiErrorKind.ConnectionFailed, "connection refused"));
        h.Client.Aggregator("zeam_0", true);

        await h.Engine.PublishPendingAsync(CancellationToken.None);
        var pending = h.Current;
        var stats = await h.Engine.RunRoundAsync(CancellationToken.None).WaitAsync(Guard);
        var snapshot = h.Current;

        Assert.Equal(1, pending.Version);
        Assert.Null(pending.LastRound);
        Assert.All(pending.Upstreams, r => Assert.Equal(UpstreamPollState.Pending, r.State));
        Assert.Equal(2, snapshot.Version);
        Assert.Same(stats, snapshot.LastRound);
        Assert.Equal(["zeam_0", "ream_0", "qlean_0", "gean_0", "nlean_0"], snapshot.Upstreams.Select(u => u.Name));
        Assert.Equal((1L, 5, 5, 5, 1), (stats.Number, stats.Concurrency, stats.Dispatched, stats.Completed, stats.Failed));

        var consensus = snapshot.Consensus;
        Assert.Equal(new CheckpointVote(40, Root('f'), 3), consensus.Finalized);
        Assert.Equal(new CheckpointVote(44, Root('j'), 3), consensus.Justified);
        Assert.Equal(new CheckpointVote(48, Root('h'), 3), consensus.Head);
        Assert.Equal((5, 4), (consensus.TotalUpstreams, consensus.RespondingUpstreams));
        Assert.Equal([Root('f'), Root('e')], consensus.FinalizedForks.Select(f => f.Root));
        Assert.Equal(["gean_0"], consensus.FinalizedForks[1].Upstreams);
        Assert.Equal([Root('h'), Root('k')], consensus.HeadForks.Select(f => f.Root));

        Assert.Equal(40, snapshot.Status.Chain.Finalized.Slot);
        Assert.Equal(stats.FinishedAt, snapshot.Status.LastSuccess);
        Assert.Null(snapshot.Status.LastError);
        Assert.False(snapshot.IsStale(stats.FinishedAt));

        var zeam = snapshot.Upstreams[0];
        Assert.True(zeam is { Healthy: true, InConsensus: true, LagSlots: 0, IsAggregator: true, ValidatorCount: 4, LastPolledRound: 1 });
        var gean = snapshot.Upstreams[3];
        Assert.True(gean is { InConsensus: false, LagSlots: 4 });
        var nlean = snapshot.Upstreams[4];
        Assert.True(nlean is { State: UpstreamPollState.Error, Healthy: false, InConsensus: false, ErrorCount: 1, ErrorsTotal: 1, LastError: "connection refused" });
    }

    [Fact]
    public async Task A_fork_choice_404_falls_back_to_slots_that_are_shown_but_cannot_vote()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100 }, "old_0", "b", "c", "d");
        h.Client.Fallback("old_0", justifiedSlot: 44, finalizedSlot: 40);
        h.Client.Answer("b", ForkChoice(40));
        h.Client.Answer("c", ForkChoice(40));
        h.Client.Fail("d", new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 503 Service Unavailable", 503));

        await h.Engine.RunRoundAsync(CancellationToken.None).WaitAsync(Guard);

        var old = h.Row("old_0");
        Assert.True(old is { State: UpstreamPollState.Ok, FromFallback: true, Chain.Justified.Slot: 44, Chain.Finalized.Slot: 40, Chain.Finalized.Root: null, Chain.Justified.Root: null, InConsensus: false });
        Assert.Equal(3, h.Current.Consensus.RespondingUpstreams);
        Assert.Null(h.Current.Consensus.Finalized); // 2 of 4 configured vote on a root: not a majority
        Assert.Equal("1/4 upstreams unreachable, no consensus", h.Current.Status.LastError);
    }

    [Fact]
    public async Task A_failed_fallback_reports_both_errors()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100 }, "a");
        h.Client.Fail("a", new LeanApiError(LeanApiErrorKind.HttpStatus, "HTTP 404 Not Found", 404));

        await h.Engine.RunRoundAsync(CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(UpstreamPollState.Error, h.Row("a").State);
        Assert.Equal("fork_choice: HTTP 404 Not Found; fallback: HTTP 404 Not Found", h.Row("a").LastError);
    }

    [Fact]
    public async Task Error_count_is_consecutive_and_transitions_are_logged_once()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100 }, "a");
        h.Client.Answer("a", ForkChoice(40));
        await h.Engine.RunRoundAsync(CancellationToken.None);
        h.Client.Fail("a", new LeanApiError(LeanApiErrorKind.ConnectionFailed, "connection refused"));
        await h.Engine.RunRoundAsync(CancellationToken.None);
        await h.Engine.RunRoundAsync(CancellationToken.None);

        Assert.True(h.Row("a") is { ErrorCount: 2, ErrorsTotal: 2, Healthy: false });
        Assert.Single(h.RegistryLog.At(LogLevel.Warning));
        Assert.Contains("connection refused", h.RegistryLog.At(LogLevel.Warning)[0], StringComparison.Ordinal);
        Assert.Equal(2, h.Current.Status.ErrorCount);
        Assert.NotNull(h.Current.Status.LastSuccess); // kept from round 1

        h.Client.Answer("a", ForkChoice(41));
        await h.Engine.RunRoundAsync(CancellationToken.None);

        Assert.True(h.Row("a") is { ErrorCount: 0, ErrorsTotal: 2, Healthy: true, LastError: null });
        Assert.Single(h.RegistryLog.At(LogLevel.Information));
        Assert.Single(h.RegistryLog.At(LogLevel.Warning));
        Assert.Equal(4, h.EngineLog.At(LogLevel.Information).Count(m => m.StartsWith("Round ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Upstream_set_edits_take_effect_next_round_and_a_broken_source_keeps_the_old_set()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 100 }, "a", "b");
        h.Client.Answer("a", ForkChoice(40));
        h.Client.Answer("b", ForkChoice(40));
        h.Client.Answer("c", ForkChoice(40));
        await h.Engine.RunRoundAsync(CancellationToken.None);

        h.Source.Replace("b", "c");
        await h.Engine.PublishPendingAsync(CancellationToken.None);
        Assert.Equal(["b", "c"], h.Current.Upstreams.Select(u => u.Name));
        Assert.Equal(UpstreamPollState.Ok, h.Row("b").State);      // kept its state
        Assert.Equal(UpstreamPollState.Pending, h.Row("c").State); // added: pending until polled

        await h.Engine.RunRoundAsync(CancellationToken.None);
        Assert.Equal(["b", "c"], h.Current.Upstreams.Select(u => u.Name));
        Assert.Equal(UpstreamPollState.Ok, h.Row("c").State);
        Assert.Equal(1, h.Client.Calls("a"));
        Assert.Equal(2, h.Current.Consensus.TotalUpstreams);

        h.Source.Failure = new InvalidDataException("upstreams.json: unexpected token");
        var stats = await h.Engine.RunRoundAsync(CancellationToken.None);

        Assert.Equal(2, stats.Dispatched);
        Assert.Equal(["b", "c"], h.Current.Upstreams.Select(u => u.Name));
        Assert.Single(h.EngineLog.At(LogLevel.Error));
    }

    [Fact]
    public async Task Cancelling_the_round_abandons_its_jobs_and_still_publishes()
    {
        var h = new PollHarness(new PollingOptions { TimeoutMs = 1_000 }, "a");
        h.Client.Hang("a");
        using var stopping = new CancellationTokenSource();

        var round = h.Engine.RunRoundAsync(stopping.Token);
        await PollHarness.Until(() => h.Client.Calls("a") == 1, "a dispatched");
        await stopping.CancelAsync();
        var stats = await round.WaitAsync(Guard);

        Assert.Equal(1, stats.Abandoned);
        await PollHarness.Until(() => h.Engine.Gate.InFlight == 0, "the cancelled job released its slot");
    }
}
