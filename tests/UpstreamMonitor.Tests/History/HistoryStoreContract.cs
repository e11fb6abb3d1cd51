using UpstreamMonitor.History;
using UpstreamMonitor.Tests.History.Support;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.History;

/// <summary>The storage behaviour both backends must share; one subclass per backend supplies a fresh store.</summary>
public abstract class HistoryStoreContract : IAsyncLifetime
{
    private const string Instance = "monitor-a";
    private const long HourMs = 3_600_000;

    private SqlHistoryStore? _store;

    internal SqlHistoryStore Store => _store ?? throw new InvalidOperationException("not initialised");

    internal abstract Task<SqlHistoryStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.MigrateAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Migrating_again_is_a_no_op_and_keeps_the_rows()
    {
        await Store.WriteAsync(Instance, HistorySnapshots.Rounds(HistorySnapshots.RoundAt(1000, 1, 10)), CancellationToken.None);

        await Store.MigrateAsync(CancellationToken.None);
        await Store.MigrateAsync(CancellationToken.None);

        Assert.Equal(3, await Store.SchemaVersionAsync(CancellationToken.None));
        var page = await Store.RoundsAsync(Instance, new HistoryRange(0, 10_000, 10), CancellationToken.None);
        Assert.Single(page.Rows);
    }

    [Fact]
    public async Task Rounds_come_back_as_written_oldest_first_and_page_with_the_cursor()
    {
        var rounds = Enumerable.Range(1, 25).Select(i => HistorySnapshots.RoundAt(i * 4000L, i, 10 + i)).ToArray();
        await Store.WriteAsync(Instance, HistorySnapshots.Rounds(rounds), CancellationToken.None);

        var first = await Store.RoundsAsync(Instance, new HistoryRange(0, long.MaxValue, 10), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), first.Rows.Select(r => r.Round));
        Assert.Equal(rounds[0], first.Rows[0]);
        Assert.NotNull(first.NextCursor);

        var second = await Store.RoundsAsync(Instance, new HistoryRange(0, long.MaxValue, 10, first.NextCursor!.Value), CancellationToken.None);
        var third = await Store.RoundsAsync(Instance, new HistoryRange(0, long.MaxValue, 10, second.NextCursor!.Value), CancellationToken.None);
        Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), second.Rows.Select(r => r.Round));
        Assert.Equal(Enumerable.Range(21, 5).Select(i => (long)i), third.Rows.Select(r => r.Round));
        Assert.Null(third.NextCursor);

        var ranged = await Store.RoundsAsync(Instance, new HistoryRange(8000, 16000, 100), CancellationToken.None);
        Assert.Equal([2L, 3L], ranged.Rows.Select(r => r.Round));
    }

    [Fact]
    public async Task Instances_sharing_a_store_never_see_each_others_rows()
    {
        await Store.WriteAsync("eu", HistorySnapshots.Rounds(HistorySnapshots.RoundAt(1000, 1, 10)), CancellationToken.None);
        await Store.WriteAsync("us", HistorySnapshots.Rounds(HistorySnapshots.RoundAt(1000, 7, 70), HistorySnapshots.RoundAt(2000, 8, 71)), CancellationToken.None);

        var eu = await Store.RoundsAsync("eu", new HistoryRange(0, 10_000, 10), CancellationToken.None);
        var us = await Store.RoundsAsync("us", new HistoryRange(0, 10_000, 10), CancellationToken.None);

        Assert.Equal([1L], eu.Rows.Select(r => r.Round));
        Assert.Equal([7L, 8L], us.Rows.Select(r => r.Round));
    }

    [Fact]
    public async Task Upstream_changes_and_events_round_trip_from_recorded_snapshots()
    {
        var batch = QleanDownInRoundThree();
        await Store.WriteAsync(Instance, batch, CancellationToken.None);

        var qlean = await Store.UpstreamChangesAsync(Instance, "qlean_0", new HistoryRange(0, long.MaxValue, 100), CancellationToken.None);
        Assert.Equal(["ok", "error", "ok"], qlean.Rows.Select(c => c.State));
        Assert.Equal("connection refused", qlean.Rows[1].Error);
        Assert.True(qlean.Rows[0].Changed.HasFlag(UpstreamChangeKind.Initial));
        Assert.True(qlean.Rows[1].Changed.HasFlag(UpstreamChangeKind.State));
        Assert.Equal(HistorySnapshots.At(3).ToUnixTimeMilliseconds(), qlean.Rows[1].AtMs);

        var finalized = await Store.EventsAsync(Instance, ChainEventKinds.Finalized, new HistoryRange(0, long.MaxValue, 100), CancellationToken.None);
        Assert.Equal([11L, 12L, 13L, 14L], finalized.Rows.Select(e => e.Slot));
        Assert.Equal([null, 11L, 12L, 13L], finalized.Rows.Select(e => e.PreviousSlot));
        var all = await Store.EventsAsync(Instance, null, new HistoryRange(0, long.MaxValue, 100), CancellationToken.None);
        Assert.Equal(12, all.Rows.Count);
    }

    [Fact]
    public async Task Alert_events_round_trip_filter_by_kind_and_page_oldest_first()
    {
        var fired = Alert(1_000, AlertTransitionNames.Fired, "upstream_down", "ream_3");
        var fork = Alert(2_000, AlertTransitionNames.Fired, "fork_detected", "grandine_1, gean_0") with { Slot = 40, Root = "0x" + new string('b', 64) };
        var resolved = Alert(3_000, AlertTransitionNames.Resolved, "upstream_down", "ream_3");
        await Store.WriteAsync(Instance, Alerts(fired, fork), CancellationToken.None);
        await Store.WriteAsync(Instance, Alerts(resolved), CancellationToken.None);
        await Store.WriteAsync("other", Alerts(Alert(1_500, AlertTransitionNames.Fired, "upstream_down", "zeam_0")), CancellationToken.None);

        var all = await Store.AlertEventsAsync(Instance, null, new HistoryRange(0, long.MaxValue, 100), CancellationToken.None);
        Assert.Equal([fired, fork, resolved], all.Rows);

        var down = await Store.AlertEventsAsync(Instance, "upstream_down", new HistoryRange(0, long.MaxValue, 1), CancellationToken.None);
        Assert.Equal([fired], down.Rows);
        var next = await Store.AlertEventsAsync(Instance, "upstream_down", new HistoryRange(0, long.MaxValue, 1, down.NextCursor!.Value), CancellationToken.None);
        Assert.Equal([resolved], next.Rows);
        Assert.Null(next.NextCursor);

        var ranged = await Store.AlertEventsAsync(Instance, null, new HistoryRange(1_500, 3_000, 100), CancellationToken.None);
        Assert.Equal([fork], ranged.Rows);
    }

    [Fact]
    public async Task Timeline_has_the_newest_alerts_and_state_transitions_but_not_slot_only_changes()
    {
        var batch = QleanDownInRoundThree();
        var at = HistorySnapshots.At(3).ToUnixTimeMilliseconds();
        await Store.WriteAsync(Instance, batch with { Alerts = [Alert(at + 1, AlertTransitionNames.Fired, "upstream_down", "qlean_0"), Alert(at + 2, AlertTransitionNames.Resolved, "upstream_down", "qlean_0")] }, CancellationToken.None);

        var timeline = await Store.TimelineAsync(Instance, 0, long.MaxValue, 10, CancellationToken.None);

        Assert.Equal([AlertTransitionNames.Resolved, AlertTransitionNames.Fired], timeline.Alerts.Select(a => a.Transition));
        // qlean_0 went to error and back; the first rows of each upstream are Initial, not state changes.
        Assert.Equal([("qlean_0", "ok"), ("qlean_0", "error")], timeline.Transitions.Select(t => (t.Upstream, t.State)));
        Assert.All(timeline.Transitions, t => Assert.True(t.Changed.HasFlag(UpstreamChangeKind.State)));

        var newestOnly = await Store.TimelineAsync(Instance, 0, long.MaxValue, 1, CancellationToken.None);
        Assert.Equal([AlertTransitionNames.Resolved], newestOnly.Alerts.Select(a => a.Transition));
        Assert.Equal(["ok"], newestOnly.Transitions.Select(t => t.State));
    }

    [Fact]
    public async Task Hour_counters_add_up_across_writes_and_give_the_uptime_share()
    {
        var hour = 10 * HourMs;
        await Store.WriteAsync(Instance, Hours(new UpstreamHour("zeam_0", hour, 10, 9, 5, 50, 200, 10), new UpstreamHour("ream_0", hour, 10, 10, 1, 2, 15, 10)), CancellationToken.None);
        await Store.WriteAsync(Instance, Hours(new UpstreamHour("zeam_0", hour, 10, 1, 2, 80, 300, 10)), CancellationToken.None);
        await Store.WriteAsync(Instance, Hours(new UpstreamHour("zeam_0", hour - HourMs, 100, 0, null, null, 0, 0)), CancellationToken.None);

        var uptime = await Store.UptimeAsync(Instance, hour + 1, 100, CancellationToken.None);

        Assert.Equal(["ream_0", "zeam_0"], uptime.Select(u => u.Upstream));
        Assert.Equal((10L, 10L), (uptime[0].Rounds, uptime[0].OkRounds));
        Assert.Equal((20L, 10L), (uptime[1].Rounds, uptime[1].OkRounds));
        Assert.Equal(0.5, uptime[1].Share);
    }

    [Fact]
    public async Task Hourly_uptime_lists_every_upstreams_hours_since_the_start_hour_by_upstream_then_hour()
    {
        var hour = 10 * HourMs;
        await Store.WriteAsync(Instance, Hours(new UpstreamHour("zeam_0", hour, 10, 9, 5, 50, 200, 10), new UpstreamHour("ream_0", hour, 10, 10, 1, 2, 15, 10)), CancellationToken.None);
        await Store.WriteAsync(Instance, Hours(new UpstreamHour("zeam_0", hour + HourMs, 10, 4, null, null, 0, 0), new UpstreamHour("zeam_0", hour, 5, 5, 5, 50, 100, 5), new UpstreamHour("zeam_0", hour - HourMs, 3, 3, 1, 1, 3, 3)), CancellationToken.None);

        // From inside hour 10: hour 9 is out, hour 10's two writes add up.
        var rows = await Store.HourlyUptimeAsync(Instance, hour + 1_000, 100, CancellationToken.None);

        Assert.Equal(
            [new UptimeHourRow("ream_0", hour, 10, 10), new UptimeHourRow("zeam_0", hour, 15, 14), new UptimeHourRow("zeam_0", hour + HourMs, 10, 4)],
            rows);
        Assert.Single(await Store.HourlyUptimeAsync(Instance, hour, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Uptime_over_days_adds_whole_days_and_the_hours_before_them()
    {
        const long dayMs = 24 * HourMs;
        var hours = Enumerable.Range(0, 72).Select(h => new UpstreamHour("zeam_0", h * HourMs, 10, h < 12 ? 0 : 10, null, null, 0, 0)).ToArray();
        await Store.WriteAsync(Instance, Hours(hours), CancellationToken.None);

        // From hour 6: hours 6..23 of day 0 (180 rounds; hours 12..23 ok: 120) plus days 1 and 2 (480 rounds, all ok).
        var uptime = Assert.Single(await Store.UptimeAsync(Instance, (6 * HourMs) + 5, 100, CancellationToken.None));

        Assert.Equal((660L, 600L), (uptime.Rounds, uptime.OkRounds));
        var all = Assert.Single(await Store.UptimeAsync(Instance, 0, 100, CancellationToken.None));
        Assert.Equal((720L, 600L), (all.Rounds, all.OkRounds));
        Assert.Equal(480L, Assert.Single(await Store.UptimeAsync(Instance, dayMs, 100, CancellationToken.None)).Rounds);
    }

    [Fact]
    public async Task Finality_points_are_downsampled_to_the_highest_slots_per_bucket()
    {
        var rounds = Enumerable.Range(0, 100).Select(i => HistorySnapshots.RoundAt(i * 1000L, i, 100 + i)).ToArray();
        await Store.WriteAsync(Instance, HistorySnapshots.Rounds(rounds), CancellationToken.None);

        var points = await Store.FinalityAsync(Instance, 0, 100_000, 10, CancellationToken.None);

        Assert.Equal(10, points.Count);
        Assert.Equal(109L, points[0].FinalizedSlot);
        Assert.Equal(113L, points[0].JustifiedSlot);
        Assert.Equal(117L, points[0].HeadSlot);
        Assert.Equal(199L, points[^1].FinalizedSlot);
        Assert.Equal(9000L, points[0].AtMs);
    }

    [Fact]
    public async Task Latency_minutes_round_trip_per_upstream()
    {
        var minutes = new[] { new LatencyMinute("zeam_0", 60_000, 1.5, 4.25, 9, 15), new LatencyMinute("ream_0", 60_000, 2, 2, 2, 1) };
        await Store.WriteAsync(Instance, new HistoryWriteBatch([], [], [], minutes, [], [], null), CancellationToken.None);

        var page = await Store.LatencyAsync(Instance, "zeam_0", new HistoryRange(0, long.MaxValue, 10), CancellationToken.None);

        Assert.Equal([minutes[0]], page.Rows);
    }

    [Fact]
    public async Task Last_state_has_the_latest_consensus_and_every_upstreams_latest_row()
    {
        var down = TestSnapshots.Round(
            3,
            HistorySnapshots.At(3),
            TestSnapshots.Healthy("zeam_0", 21, 17, 13, 3),
            TestSnapshots.Healthy("ream_0", 21, 17, 13, 3),
            TestSnapshots.Unreachable("qlean_0", 3));
        await Store.WriteAsync(Instance, HistorySnapshots.Batch([HistorySnapshots.Devnet(1), HistorySnapshots.Devnet(2)]), CancellationToken.None);
        await Store.WriteAsync(Instance, HistorySnapshots.Batch([HistorySnapshots.Devnet(2), down]), CancellationToken.None);

        var last = await Store.LastStateAsync(Instance, CancellationToken.None);

        Assert.NotNull(last.Monitor);
        Assert.Equal(3, last.Monitor.Round);
        Assert.Equal(13, last.Monitor.FinalizedSlot);
        Assert.Equal(TestSnapshots.Root(13), last.Monitor.FinalizedRoot);
        Assert.Equal(HistorySnapshots.At(3).ToUnixTimeMilliseconds(), last.Monitor.LastSuccessMs);
        Assert.Equal(["qlean_0", "ream_0", "zeam_0"], last.Upstreams.Select(u => u.Upstream));
        var qlean = last.Upstreams[0];
        Assert.Equal(("error", "connection refused", 7L), (qlean.State, qlean.Error, qlean.ErrorsTotal));
        Assert.Equal("ok", last.Upstreams[1].State);
        Assert.Empty((await Store.LastStateAsync("someone-else", CancellationToken.None)).Upstreams);
    }

    [Fact]
    public async Task Pruning_removes_old_rows_in_bounded_batches_and_keeps_rollups_and_last_state()
    {
        var old = Enumerable.Range(0, 30).Select(i => HistorySnapshots.RoundAt(i, i, 10)).ToArray();
        var recent = HistorySnapshots.RoundAt(1_000_000, 99, 50);
        await Store.WriteAsync(Instance, new HistoryWriteBatch(
            [.. old, recent],
            [],
            [new ChainEvent(5, ChainEventKinds.Head, 3, null, null)],
            [],
            [new UpstreamHour("zeam_0", 0, 1, 1, 1, 1, 1, 1)],
            [new RoundHour(0, 30, 30, 10, 14, 18, 7500)],
            new MonitorLastState(1_000_000, 99, 50, null, 54, null, 58, null, 1_000_000, 0))
        {
            Alerts = [Alert(7, AlertTransitionNames.Fired, "finality_stalled", string.Empty), Alert(1_000_001, AlertTransitionNames.Resolved, "finality_stalled", string.Empty)],
        }, CancellationToken.None);
        await Store.WriteAsync("other", HistorySnapshots.Rounds(HistorySnapshots.RoundAt(1, 1, 10)), CancellationToken.None);

        var first = await Store.PruneAsync(Instance, rawBeforeMs: 500_000, rollupBeforeMs: 0, batchSize: 20, CancellationToken.None);
        var second = await Store.PruneAsync(Instance, 500_000, 0, 20, CancellationToken.None);
        var third = await Store.PruneAsync(Instance, 500_000, 0, 20, CancellationToken.None);

        Assert.Equal(22, first); // 20 rounds + 1 event + 1 alert: each table at most one batch
        Assert.Equal(10, second);
        Assert.Equal(0, third);
        var left = await Store.RoundsAsync(Instance, new HistoryRange(0, long.MaxValue, 100), CancellationToken.None);
        Assert.Equal([99L], left.Rows.Select(r => r.Round));
        Assert.Equal([1_000_001L], (await Store.AlertEventsAsync(Instance, null, new HistoryRange(0, long.MaxValue, 10), CancellationToken.None)).Rows.Select(a => a.AtMs));
        Assert.Single((await Store.UptimeAsync(Instance, 0, 10, CancellationToken.None)));
        Assert.NotNull((await Store.LastStateAsync(Instance, CancellationToken.None)).Monitor);
        Assert.Single((await Store.RoundsAsync("other", new HistoryRange(0, long.MaxValue, 10), CancellationToken.None)).Rows);

        Assert.Equal(3, await Store.PruneAsync(Instance, 500_000, rollupBeforeMs: HourMs, 20, CancellationToken.None)); // hour-0 rollups and day 0
    }

    private static HistoryWriteBatch Hours(params UpstreamHour[] hours) => new([], [], [], [], hours, [], null);

    /// <summary>Four rounds of the 3-node devnet; qlean_0 fails in round 3 and is back in round 4.</summary>
    private static HistoryWriteBatch QleanDownInRoundThree()
    {
        var down = TestSnapshots.Round(
            3,
            HistorySnapshots.At(3),
            TestSnapshots.Healthy("zeam_0", 21, 17, 13, 3),
            TestSnapshots.Healthy("ream_0", 21, 17, 13, 3),
            TestSnapshots.Unreachable("qlean_0", 3));
        return HistorySnapshots.Batch([HistorySnapshots.Devnet(1), HistorySnapshots.Devnet(2), down, HistorySnapshots.Devnet(4)]);
    }

    private static HistoryWriteBatch Alerts(params AlertHistoryEvent[] alerts) => new([], [], [], [], [], [], null) { Alerts = alerts };

    private static AlertHistoryEvent Alert(long atMs, string transition, string kind, string upstreams) =>
        new(atMs, transition, kind + ":" + upstreams, kind, "critical", $"{kind} for {upstreams}", upstreams, null, null);
}
