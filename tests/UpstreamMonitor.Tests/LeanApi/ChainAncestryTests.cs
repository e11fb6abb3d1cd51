using System.Text;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Tests.Configuration;
using static UpstreamMonitor.Tests.LeanApi.ForkChoiceTree;

namespace UpstreamMonitor.Tests.LeanApi;

public sealed class ChainAncestryTests
{
    private static ChainAncestry AncestryOf(byte[] body)
    {
        var result = ForkChoiceParser.Parse(body);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return Assert.IsType<ChainAncestry>(result.Value!.Ancestry);
    }

    [Fact]
    public void The_spec_fixture_walks_from_its_head_to_its_finalized_block()
    {
        var body = File.ReadAllBytes(RepositoryFiles.ForkChoiceFixture("spec-shape.json"));
        var snapshot = ForkChoiceParser.Parse(body).Value!;
        var ancestry = snapshot.Ancestry!;

        Assert.Equal(3, ancestry.Length);
        Assert.Equal(36, ancestry.OldestSlot);
        Assert.Equal(38, ancestry.HeadSlot);
        Assert.Equal(38, snapshot.HeadSlot);
        Assert.Equal(ChainVerdict.OnChain, ancestry.Judge(snapshot.Finalized.Slot, snapshot.Finalized.Root));
        Assert.Equal(ChainVerdict.OnChain, ancestry.Judge(snapshot.Justified.Slot, snapshot.Justified.Root));
    }

    [Fact]
    public void A_block_in_the_covered_slots_but_not_on_the_chain_is_off_it_and_one_outside_them_is_unknown()
    {
        var ancestry = AncestryOf(Body(finalized: 10, head: 20));

        Assert.Equal(ChainVerdict.OnChain, ancestry.Judge(15, Root('a', 15)));
        Assert.Equal(ChainVerdict.OffChain, ancestry.Judge(15, Root('b', 15)));
        Assert.Equal(ChainVerdict.Unknown, ancestry.Judge(9, Root('a', 9)));
        Assert.Equal(ChainVerdict.Unknown, ancestry.Judge(21, Root('a', 21)));
        Assert.Equal(ChainVerdict.Unknown, ancestry.Judge(null, Root('a', 15)));
        Assert.Equal(ChainVerdict.Unknown, ancestry.Judge(15, null));
    }

    [Fact]
    public void Side_branches_in_nodes_are_not_on_the_heads_chain()
    {
        // Canonical blocks 10..20 plus a two-block side branch off slot 14 that lost the fork choice.
        var body = Encoding.UTF8.GetString(Body(finalized: 10, head: 20));
        var side = $"{{\"root\":\"{Root('s', 15)}\",\"slot\":15,\"parent_root\":\"{Root('a', 14)}\"}},{{\"root\":\"{Root('s', 16)}\",\"slot\":16,\"parent_root\":\"{Root('s', 15)}\"}},";
        var ancestry = AncestryOf(Encoding.UTF8.GetBytes(body.Replace("\"nodes\":[", "\"nodes\":[" + side, StringComparison.Ordinal)));

        Assert.Equal(11, ancestry.Length);
        Assert.Equal(ChainVerdict.OffChain, ancestry.Judge(16, Root('s', 16)));
        Assert.Equal(ChainVerdict.OnChain, ancestry.Judge(16, Root('a', 16)));
    }

    [Fact]
    public void The_walk_keeps_the_newest_blocks_up_to_its_limit()
    {
        var ancestry = AncestryOf(Body(finalized: 0, head: ChainAncestry.MaxBlocks + 99));

        Assert.Equal(ChainAncestry.MaxBlocks, ancestry.Length);
        Assert.Equal(100, ancestry.OldestSlot);
        Assert.Equal(ChainVerdict.Unknown, ancestry.Judge(99, Root('a', 99)));
        Assert.Equal(ChainVerdict.OnChain, ancestry.Judge(100, Root('a', 100)));
    }

    [Fact]
    public void A_parent_link_that_goes_forward_in_slots_ends_the_walk_instead_of_looping()
    {
        var a = Root('a', 5);
        var b = Root('a', 6);
        var body = $"{{\"nodes\":[{{\"root\":\"{a}\",\"slot\":5,\"parent_root\":\"{b}\"}},{{\"root\":\"{b}\",\"slot\":6,\"parent_root\":\"{a}\"}}],\"head\":\"{b}\",\"justified\":{{\"slot\":5,\"root\":\"{a}\"}},\"finalized\":{{\"slot\":5,\"root\":\"{a}\"}}}}";

        var ancestry = AncestryOf(Encoding.UTF8.GetBytes(body));

        Assert.Equal(2, ancestry.Length);
        Assert.Equal(5, ancestry.OldestSlot);
    }

    [Fact]
    public void No_ancestry_when_the_head_is_not_among_the_nodes_or_there_are_none()
    {
        var empty = $"{{\"nodes\":[],\"head\":\"{Root('a', 5)}\",\"justified\":{{\"slot\":5,\"root\":\"{Root('a', 5)}\"}},\"finalized\":{{\"slot\":5,\"root\":\"{Root('a', 5)}\"}}}}";
        Assert.Null(ForkChoiceParser.Parse(Encoding.UTF8.GetBytes(empty)).Value!.Ancestry);

        var elsewhere = Encoding.UTF8.GetString(Body(finalized: 1, head: 3)).Replace($"\"head\":\"{Root('a', 3)}\"", $"\"head\":\"{Root('z', 9)}\"", StringComparison.Ordinal);
        var snapshot = ForkChoiceParser.Parse(Encoding.UTF8.GetBytes(elsewhere)).Value!;
        Assert.Null(snapshot.Ancestry);
        Assert.Null(snapshot.HeadSlot);
    }

    [Fact]
    public void A_malformed_parent_root_is_a_body_error_naming_the_field()
    {
        var body = Encoding.UTF8.GetString(Body(finalized: 1, head: 2)).Replace($"\"parent_root\":\"{Root('a', 1)}\"", "\"parent_root\":\"0x12\"", StringComparison.Ordinal);

        var result = ForkChoiceParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.False(result.IsSuccess);
        Assert.Contains("nodes[1].parent_root", result.Error!.Message, StringComparison.Ordinal);
    }
}
