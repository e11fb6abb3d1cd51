using UpstreamMonitor.History;
using UpstreamMonitor.Tests.History.Support;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.History;

public sealed class HistoryRecorderTests
{
    [Fact]
    public void The_first_round_writes_one_initial_row_per_upstream_and_the_round()
    {
        var records = HistoryRecorder.Record(null, HistorySnapshots.Devnet(1));

        Assert.NotNull(records.Round);
        Assert.Equal(1, records.Round.Round);
        Assert.True(records.Round.HasConsensus);
        Assert.Equal(11, records.Round.Finalized!.Slot);
        Assert.Equal(3, records.Changes.Count);
        Assert.All(records.Changes, c => Assert.Equal(UpstreamChangeKind.Initial, c.Changed));
        Assert.Equal(3, records.Outcomes.Count(o => o.Ok));
    }

    [Fact]
    public void A_fleet_keeping_pace_writes_no_upstream_rows_only_the_round_and_chain_events()
    {
        var records = HistoryRecorder.Record(HistorySnapshots.Devnet(1), HistorySnapshots.Devnet(2));

        Assert.Empty(records.Changes);
        Assert.NotNull(records.Round);
        Assert.Equal([ChainEventKinds.Finalized, ChainEventKinds.Justified, ChainEventKinds.Head], records.Events.Select(e => e.Kind));
        Assert.Equal(11, records.Events[0].PreviousSlot);
    }

    [Fact]
    public void A_state_transition_and_its_error_text_are_recorded_with_credentials_masked()
    {
        var before = HistorySnapshots.Devnet(1);
        var failing = TestSnapshots.Unreachable("qlean_0", 2) with
        {
            Definition = UpstreamMonitor.Upstreams.UpstreamDefinition.Create("qlean_0", new Uri("http://alice:s3cret@127.0.0.1:9/")),
            LastError = "GET http://alice:s3cret@127.0.0.1:9/lean/v0/fork_choice refused; also see https://bob:pw@example.test/x",
        };
        var after = TestSnapshots.Round(2, HistorySnapshots.At(2), TestSnapshots.Healthy("zeam_0", 20, 16, 12, 2), TestSnapshots.Healthy("ream_0", 20, 16, 12, 2), failing);

        var change = Assert.Single(HistoryRecorder.Record(before, after).Changes, c => c.Upstream == "qlean_0");

        Assert.Equal("error", change.State);
        Assert.True(change.Changed.HasFlag(UpstreamChangeKind.State));
        Assert.DoesNotContain("s3cret", change.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", change.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("bob:pw", change.Error, StringComparison.Ordinal);
        Assert.Contains("***@127.0.0.1:9", change.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_falling_behind_is_recorded_as_a_slot_change_with_its_lag()
    {
        var before = HistorySnapshots.Devnet(1);
        var after = TestSnapshots.Round(2, HistorySnapshots.At(2), TestSnapshots.Healthy("zeam_0", 20, 16, 12, 2), TestSnapshots.Healthy("ream_0", 20, 16, 12, 2), TestSnapshots.Healthy("qlean_0", 19, 15, 11, 2));

        var change = Assert.Single(HistoryRecorder.Record(before, after).Changes);

        Assert.Equal("qlean_0", change.Upstream);
        Assert.True(change.Changed.HasFlag(UpstreamChangeKind.Slots));
        Assert.True(change.Changed.HasFlag(UpstreamChangeKind.Fork));
        Assert.Equal(1, change.HeadLag);
        Assert.False(change.InConsensus);
        Assert.Equal(TestSnapshots.Root(11), change.ForkRoot);
    }

    [Fact]
    public void The_same_round_seen_twice_is_not_a_second_round()
    {
        var snapshot = HistorySnapshots.Devnet(3);

        var again = HistoryRecorder.Record(snapshot, snapshot with { Version = 4 });

        Assert.Null(again.Round);
        Assert.Empty(again.Outcomes);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void After_a_gap_every_upstream_gets_a_fresh_row()
    {
        var records = HistoryRecorder.Record(HistorySnapshots.Devnet(1), HistorySnapshots.Devnet(2), everyUpstream: true);

        Assert.Equal(3, records.Changes.Count);
    }

    [Fact]
    public void Long_error_texts_are_cut()
    {
        var error = new string('x', 5000);
        Assert.Equal(HistoryRecorder.MaxErrorLength, HistoryRecorder.Redact(error, UpstreamMonitor.Upstreams.UpstreamDefinition.Create("a_0", new Uri("http://127.0.0.1:1/")))!.Length);
    }
}
