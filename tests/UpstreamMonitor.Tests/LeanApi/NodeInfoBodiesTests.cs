using System.Text;
using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Tests.LeanApi;

public sealed class NodeInfoBodiesTests
{
    [Fact]
    public void Identity_reads_version_and_peer_id_and_skips_the_rest()
    {
        var result = NodeInfoBodies.ParseIdentity(Bytes("{\"version\":\"ethlambda/v0.3.1-abc\",\"peer_id\":\"16Uiu2HAmX\",\"enr\":\"enr:-x\"}"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(new NodeIdentity("ethlambda/v0.3.1-abc", "16Uiu2HAmX"), result.Value);
    }

    [Fact]
    public void Version_is_read_at_the_top_or_inside_a_beacon_style_data_object()
    {
        Assert.Equal("ream/0.1.0", NodeInfoBodies.ParseVersion(Bytes("{\"version\":\"ream/0.1.0\"}")).Value);
        Assert.Equal("ream/0.1.0", NodeInfoBodies.ParseVersion(Bytes("{\"data\":{\"version\":\"ream/0.1.0\"}}")).Value);
    }

    [Fact]
    public void A_version_with_control_characters_is_sanitized_and_cut()
    {
        var result = NodeInfoBodies.ParseVersion(Bytes("{\"version\":\"a\\u001b[31mb" + new string('x', 300) + "\"}"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.DoesNotContain("\u001b", result.Value, StringComparison.Ordinal);
        Assert.True(result.Value.Length <= NodeInfoBodies.MaxTextChars + 1, result.Value);
    }

    [Fact]
    public void Syncing_reads_the_flag_and_optional_slots()
    {
        var result = NodeInfoBodies.ParseSyncing(Bytes("{\"is_syncing\":true,\"head_slot\":90,\"sync_distance\":\"12\",\"finalized_slot\":80}"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(new NodeSyncStatus(true, 90, 12, 80), result.Value);
        Assert.Equal(new NodeSyncStatus(false, null, null, null), NodeInfoBodies.ParseSyncing(Bytes("{\"is_syncing\":false}")).Value);
    }

    [Fact]
    public void Genesis_time_is_a_number_or_a_decimal_string()
    {
        Assert.Equal(1_772_366_000, NodeInfoBodies.ParseGenesis(Bytes("{\"genesis_time\":1772366000,\"spec\":{}}")).Value);
        Assert.Equal(1_772_366_000, NodeInfoBodies.ParseGenesis(Bytes("{\"data\":{\"genesis_time\":\"1772366000\"}}")).Value);
    }

    [Theory]
    [InlineData("{\"genesis\":1}", "invalid body: missing field \"genesis_time\"")]
    [InlineData("{\"genesis_time\":-5}", "invalid body: genesis_time: expected a non-negative integer, got -5")]
    [InlineData("{\"genesis_time\":\"soon\"}", "invalid body: genesis_time: expected a non-negative integer, got a string \"soon\"")]
    public void Bad_genesis_bodies_name_the_field(string body, string expected)
    {
        var result = NodeInfoBodies.ParseGenesis(Bytes(body));

        Assert.False(result.IsSuccess);
        Assert.Equal(expected, result.Error.Message);
    }

    [Fact]
    public void Syncing_without_its_flag_and_identity_without_fields_are_errors()
    {
        Assert.Equal("invalid body: missing field \"is_syncing\"", NodeInfoBodies.ParseSyncing(Bytes("{\"head_slot\":1}")).Error?.Message);
        Assert.Equal("invalid body: data.is_syncing: expected true or false, got a string \"no\"", NodeInfoBodies.ParseSyncing(Bytes("{\"data\":{\"is_syncing\":\"no\"}}")).Error?.Message);
        Assert.Equal("invalid body: missing field \"version\"", NodeInfoBodies.ParseIdentity(Bytes("{}")).Error?.Message);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
