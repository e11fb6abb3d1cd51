using System.Text;
using System.Text.RegularExpressions;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>
/// The fault table: one poll round over every kind of misbehaving node plus healthy ones (see <see cref="FaultRound"/>).
/// Each faulty upstream ends in its own specific <c>last_error</c>, the round ends on time, every healthy result is published.
/// </summary>
[Collection(FaultsSuite.Name)]
public sealed class FaultRoundTests(FaultRound round) : IClassFixture<FaultRound>
{
    [Theory]
    [MemberData(nameof(FaultRound.CaseNames), MemberType = typeof(FaultRound))]
    public void Each_upstream_ends_with_its_specific_outcome(string name)
    {
        var expected = round.Cases.Single(c => c.Name == name);
        var row = round.Snapshot.Upstreams.Single(u => u.Name == name);

        Assert.Equal(expected.State, row.State);
        Assert.Equal(round.Statistics.Number, row.LastPolledRound);
        if (expected.Error is null)
        {
            Assert.Null(row.LastError);
            Assert.True(row.Healthy);
            Assert.Equal(0, row.ErrorCount);
        }
        else
        {
            Assert.NotNull(row.LastError);
            Assert.Matches(new Regex("^" + expected.Error + "$", RegexOptions.CultureInvariant), row.LastError);
            Assert.False(row.Healthy);
            Assert.Equal(1, row.ErrorCount);
            Assert.Equal(1, row.ErrorsTotal);
            Assert.Null(row.Chain.Finalized.Root);
        }
    }

    [Fact]
    public void The_round_finishes_within_its_budget()
    {
        var statistics = round.Statistics;

        // One batch: 2 × timeout per job plus one timeout of drain.
        Assert.Equal(TimeSpan.FromMilliseconds(3 * FaultRound.TimeoutMs), statistics.Budget);
        Assert.InRange(statistics.Duration, TimeSpan.Zero, statistics.Budget);
        Assert.True(round.Elapsed < statistics.Budget + TimeSpan.FromSeconds(2), $"round took {round.Elapsed}");
        Assert.Equal(round.Cases.Count, statistics.Dispatched);
        Assert.Equal(0, statistics.Skipped);
        Assert.Equal(round.Cases.Count(c => c.Error is not null), statistics.Failed);
    }

    [Fact]
    public void Every_healthy_upstream_result_is_published()
    {
        foreach (var name in round.Cases.Where(c => c.State == UpstreamPollState.Ok && c.Name != "zeam_shape" && c.Name != "head_not_in_nodes").Select(c => c.Name))
        {
            var row = round.Snapshot.Upstreams.Single(u => u.Name == name);
            Assert.Equal(ForkChoiceBodies.HeadSlot, row.Chain.Head.Slot);
            Assert.Equal(ForkChoiceBodies.RootC, row.Chain.Head.Root);
            Assert.Equal(ForkChoiceBodies.JustifiedSlot, row.Chain.Justified.Slot);
            Assert.Equal(ForkChoiceBodies.RootB, row.Chain.Justified.Root);
            Assert.Equal(ForkChoiceBodies.FinalizedSlot, row.Chain.Finalized.Slot);
            Assert.Equal(ForkChoiceBodies.RootA, row.Chain.Finalized.Root);
            Assert.Equal(4, row.ValidatorCount);
        }

        var zeam = round.Snapshot.Upstreams.Single(u => u.Name == "zeam_shape");
        Assert.Equal(37, zeam.Chain.Head.Slot);
        Assert.Equal(36, zeam.Chain.Finalized.Slot);
        Assert.Null(zeam.ValidatorCount);
    }

    [Fact]
    public void A_head_root_absent_from_nodes_is_an_unknown_head_slot_not_an_error()
    {
        var row = round.Snapshot.Upstreams.Single(u => u.Name == "head_not_in_nodes");

        Assert.Null(row.Chain.Head.Slot);
        Assert.Equal("0x" + new string('d', 64), row.Chain.Head.Root);
        Assert.Equal(ForkChoiceBodies.FinalizedSlot, row.Chain.Finalized.Slot);
        Assert.Null(row.LagSlots);
    }

    [Fact]
    public void Redirects_are_not_followed()
    {
        // The target also served the warm-up round (one fork choice, one aggregator request, and the four node-info reads
        // of a first answer: identity, version, syncing, genesis; decision 0904), one connection each; the redirect added nothing.
        Assert.Equal(6, round.RedirectTarget.ConnectionsAccepted);
    }

    [Fact]
    public void An_unresolvable_host_fails_fast_instead_of_timing_out()
    {
        var row = round.Snapshot.Upstreams.Single(u => u.Name == "unresolvable_host");

        // An error, not a timeout: the name failed before the request timeout, so it never held the round up.
        Assert.Equal(UpstreamPollState.Error, row.State);
        Assert.NotNull(row.Latency);
        Assert.True(row.Latency < TimeSpan.FromMilliseconds(FaultRound.TimeoutMs), $"latency {row.Latency}");
    }

    [Fact]
    public void Credentials_are_sent_as_basic_auth_and_masked_everywhere_in_the_snapshot()
    {
        var expected = "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("lean-user:s3cr3t-pa55"));
        Assert.Contains(round.CredentialedNode.Requests, head => head.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(round.CredentialedNode.Requests, head => head.Contains("s3cr3t-pa55@", StringComparison.Ordinal));

        foreach (var name in new[] { "credentials", "credentials_failing" })
        {
            var row = round.Snapshot.Upstreams.Single(u => u.Name == name);
            Assert.StartsWith("http://***@127.0.0.1:", row.DisplayUrl, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", row.DisplayUrl, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", row.LastError ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("lean-user", row.LastError ?? string.Empty, StringComparison.Ordinal);
        }
    }
}
