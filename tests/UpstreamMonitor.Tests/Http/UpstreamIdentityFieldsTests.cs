using System.Text.Json;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Http;

/// <summary>Version, sync state and genesis time in <c>/api/upstreams</c>, and the other-network standing (decision 0904).</summary>
public sealed class UpstreamIdentityFieldsTests
{
    [Fact]
    public async Task Rows_carry_version_sync_state_and_genesis_and_another_genesis_reads_other_network()
    {
        await using var factory = new MonitorWebFactory();
        using var client = factory.CreateClient();
        var ethlambda = TestSnapshots.Healthy("ethlambda_0", 44, 40, 36) with
        {
            ClientVersion = "ethlambda/v0.3.1",
            PeerId = "16Uiu2HAmX",
            Syncing = new NodeSyncStatus(true, 40, 4, 36),
            GenesisTime = 1_772_366_000,
        };
        var reset = TestSnapshots.Healthy("zeam_1", 12, 8, 4) with { GenesisTime = 1_772_452_400, Standing = ConsensusStanding.OtherNetwork };
        var snapshot = TestSnapshots.Round(3, factory.Time.GetUtcNow(), ethlambda, TestSnapshots.Healthy("ream_0", 44, 40, 36), reset);
        var other = new ForkGroup(4, TestSnapshots.Root(4), ["zeam_1"], false, ConsensusStanding.OtherNetwork);
        snapshot = snapshot with
        {
            Upstreams = [snapshot.Upstreams[0], snapshot.Upstreams[1], snapshot.Upstreams[2] with { Standing = ConsensusStanding.OtherNetwork }],
            Consensus = snapshot.Consensus with { GenesisTime = 1_772_366_000, FinalizedForks = [.. snapshot.Consensus.FinalizedForks, other] },
        };
        factory.Store.Publish(snapshot);

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/upstreams", UriKind.Relative)));

        var rows = json.RootElement.GetProperty("upstreams");
        var first = rows[0];
        Assert.Equal("ethlambda/v0.3.1", first.GetProperty("client_version").GetString());
        Assert.Equal("16Uiu2HAmX", first.GetProperty("peer_id").GetString());
        Assert.True(first.GetProperty("syncing").GetBoolean());
        Assert.Equal(4, first.GetProperty("sync_distance").GetInt64());
        Assert.Equal(1_772_366_000, first.GetProperty("genesis_time").GetInt64());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("client_version").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("syncing").ValueKind);
        Assert.Equal("other_network", rows[2].GetProperty("standing").GetString());
        Assert.False(rows[2].GetProperty("in_consensus").GetBoolean());

        var consensus = json.RootElement.GetProperty("consensus");
        Assert.Equal(1_772_366_000, consensus.GetProperty("genesis_time").GetInt64());
        var forks = consensus.GetProperty("forks").EnumerateArray().ToArray();
        Assert.Equal("other_network", forks[^1].GetProperty("standing").GetString());
        Assert.Equal(["zeam_1"], forks[^1].GetProperty("upstreams").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray());
    }
}
