using System.Text;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Tests.Configuration;

namespace UpstreamMonitor.Tests.LeanApi;

public sealed class ForkChoiceParserTests
{
    private const string Root36 = "0x8a2f6f0ab6bb1bd5b5b5d1c8a2b8e1f7c3d4e5f60718293a4b5c6d7e8f901234";
    private const string Root37 = "0x9b3e7e1bc7cc2ce6c6c6e2d9b3c9f2e8d4e5f6071829304b5c6d7e8f90123456";
    private const string Root38 = "0xac4f8f2cd8dd3df7d7d7f3eac4dae3f9e5f60718293a415c6d7e8f9012345678";

    // A fork choice at genesis as the leanSpec reference node serves it: the genesis block is the only node and is
    // head, justified, finalized and safe target at once.
    private const string LeanSpecGenesis = """
        {
          "nodes": [
            {"root": "0xE4B2C1D3A5F60718293A4B5C6D7E8F90112233445566778899AABBCCDDEEFF00", "slot": 0,
             "parent_root": "0x0000000000000000000000000000000000000000000000000000000000000000",
             "proposer_index": 0, "weight": 0}
          ],
          "head": "0xe4b2c1d3a5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00",
          "justified": {"slot": 0, "root": "0xe4b2c1d3a5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00"},
          "finalized": {"slot": 0, "root": "0xe4b2c1d3a5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00"},
          "safe_target": "0xe4b2c1d3a5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00",
          "validator_count": 4
        }
        """;

    private const string Valid = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public void Spec_shape_fixture_parses_with_the_head_slot_from_nodes()
    {
        var result = ForkChoiceParser.Parse(Fixture("spec-shape.json"));

        Assert.True(result.IsSuccess, result.ToString());
        var snapshot = result.Value;
        Assert.Equal(Root38, snapshot.HeadRoot);
        Assert.Equal(38, snapshot.HeadSlot);
        Assert.Equal(new Checkpoint(37, Root37), snapshot.Justified);
        Assert.Equal(new Checkpoint(36, Root36), snapshot.Finalized);
        Assert.Equal(Root37, snapshot.SafeTarget);
        Assert.Equal(4, snapshot.ValidatorCount);
        Assert.Equal(3, snapshot.NodeCount);
    }

    [Fact]
    public void Zeam_march_2026_fixture_parses_with_head_object_and_null_validator_count()
    {
        var result = ForkChoiceParser.Parse(Fixture("zeam-2026-03-shape.json"));

        Assert.True(result.IsSuccess, result.ToString());
        var snapshot = result.Value;
        Assert.Equal(Root37, snapshot.HeadRoot);
        Assert.Equal(37, snapshot.HeadSlot);
        Assert.Equal(new Checkpoint(37, Root37), snapshot.Justified);
        Assert.Equal(new Checkpoint(36, Root36), snapshot.Finalized);
        Assert.Equal(Root37, snapshot.SafeTarget);
        Assert.Null(snapshot.ValidatorCount);
        Assert.Equal(2, snapshot.NodeCount);
    }

    [Fact]
    public void LeanSpec_genesis_example_parses_and_roots_are_normalized_to_lowercase()
    {
        var result = ForkChoiceParser.Parse(Encoding.UTF8.GetBytes(LeanSpecGenesis));

        Assert.True(result.IsSuccess, result.ToString());
        var genesis = "0xe4b2c1d3a5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00";
        Assert.Equal(genesis, result.Value.HeadRoot);
        Assert.Equal(0, result.Value.HeadSlot);
        Assert.Equal(new Checkpoint(0, genesis), result.Value.Justified);
        Assert.Equal(new Checkpoint(0, genesis), result.Value.Finalized);
        Assert.Equal(1, result.Value.NodeCount);
    }

    [Fact]
    public void Head_root_absent_from_nodes_gives_an_unknown_head_slot_not_an_error()
    {
        var body = Body("'head':'0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb','nodes':[{'root':'R','slot':9}],'justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'}");

        var result = ForkChoiceParser.Parse(body);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Null(result.Value.HeadSlot);
        Assert.Equal(1, result.Value.NodeCount);
    }

    [Fact]
    public void Head_given_before_nodes_is_matched_in_one_pass()
    {
        var body = Body("'head':'R','justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'},'nodes':[{'slot':7,'root':'0xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'}],'extra':[1,{'x':2}]");

        var result = ForkChoiceParser.Parse(body);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(7, result.Value.HeadSlot);
        Assert.Null(result.Value.SafeTarget);
        Assert.Null(result.Value.ValidatorCount);
    }

    [Theory]
    [InlineData("[1,2]", "invalid body: expected a JSON object, got an array")]
    [InlineData("'just a string'", "invalid body: expected a JSON object, got a string \"just a string\"")]
    [InlineData("", "invalid body: empty body where JSON was expected")]
    [InlineData("{'status':'healthy','service':'lean-rpc-api'}", "invalid body: missing field \"head\"")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'R'}}", "invalid body: missing field \"finalized\"")]
    [InlineData("{'head':'R','justified':{'slot':1},'finalized':{'slot':0,'root':'R'}}", "invalid body: justified: missing field \"root\"")]
    [InlineData("{'head':'R','justified':[1],'finalized':{'slot':0,'root':'R'}}", "invalid body: justified: expected an object {\"slot\", \"root\"}, got an array")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'R'},'finalized':{'slot':-1,'root':'R'}}", "invalid body: finalized.slot: expected a non-negative integer, got -1")]
    [InlineData("{'head':'R','justified':{'slot':40.5,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: justified.slot: expected an integer, got 40.5")]
    [InlineData("{'head':'R','justified':{'slot':4e1,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: justified.slot: expected an integer, got 4e1")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'R'},'finalized':{'slot':'36','root':'R'}}", "invalid body: finalized.slot: expected an integer, got a string \"36\"")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'R'},'finalized':{'slot':null,'root':'R'}}", "invalid body: finalized.slot: expected an integer, got null")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'R'},'finalized':{'slot':9007199254740993,'root':'R'}}", "invalid body: finalized.slot: expected an integer below 2^53, got 9007199254740993")]
    [InlineData("{'head':'R','justified':{'slot':9007199254740992,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: justified.slot: expected an integer below 2^53, got 9007199254740992")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'R'},'finalized':{'slot':99999999999999999999999,'root':'R'}}", "invalid body: finalized.slot: expected an integer below 2^53, got 99999999999999999999999")]
    [InlineData("{'head':'0xaaaa','justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: head: expected \"0x\" + 64 hex characters, got \"0x\" + 4 characters")]
    [InlineData("{'head':'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: head: expected \"0x\" + 64 hex characters, got 64 hex characters without the \"0x\" prefix")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'0xgaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'},'finalized':{'slot':0,'root':'R'}}", "invalid body: justified.root: expected \"0x\" + 64 hex characters, got 'g' at position 2")]
    [InlineData("{'head':5,'justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: head: expected a root (\"0x\" + 64 hex characters), got the number 5")]
    [InlineData("{'head':'R','nodes':{},'justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: nodes: expected an array, got an object")]
    [InlineData("{'head':'R','nodes':[{'root':'R','slot':3},{'root':'R','slot':-5}],'justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: nodes[1].slot: expected a non-negative integer, got -5")]
    [InlineData("{'head':'R','nodes':[{'slot':3}],'justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: nodes[0]: missing field \"root\"")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'},'validator_count':-1}", "invalid body: validator_count: expected a non-negative integer, got -1")]
    [InlineData("{'head':'R','justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'},'safe_target':7}", "invalid body: safe_target: expected a root or {\"root\"}, got the number 7")]
    [InlineData("{'head':{'slot':3},'justified':{'slot':1,'root':'R'},'finalized':{'slot':0,'root':'R'}}", "invalid body: head: missing field \"root\"")]
    public void Malformed_bodies_give_their_specific_error(string template, string expected)
    {
        var result = ForkChoiceParser.Parse(Encoding.UTF8.GetBytes(template.Replace("'", "\"", StringComparison.Ordinal).Replace("\"R\"", $"\"{Valid}\"", StringComparison.Ordinal)));

        Assert.False(result.IsSuccess);
        Assert.Equal(LeanApiErrorKind.InvalidBody, result.Error.Kind);
        Assert.Equal(expected, result.Error.Message);
    }

    [Theory]
    [InlineData("hello", "invalid body: not JSON ('h' is an invalid start of a value, at line 1, byte 0): \"hello\"")]
    [InlineData("{\"head\":", "invalid body: not JSON (")]
    public void Non_json_is_reported_as_not_json_with_an_excerpt(string body, string expectedPrefix)
    {
        var result = ForkChoiceParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.False(result.IsSuccess);
        Assert.Equal(LeanApiErrorKind.InvalidBody, result.Error.Kind);
        Assert.StartsWith(expectedPrefix, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_content_after_the_object_is_not_json()
    {
        var body = Fixture("spec-shape.json").Concat(" {}"u8.ToArray()).ToArray();

        var result = ForkChoiceParser.Parse(body);

        Assert.StartsWith("invalid body: not JSON (", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_is_reported_with_its_page_title()
    {
        var html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body></html>";

        var result = ForkChoiceParser.Parse(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.False(result.IsSuccess);
        Assert.Equal("invalid body: HTML where JSON was expected: \"502 Bad Gateway\" (HTML page title)", result.Error.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_as_not_json()
    {
        var body = "{\"x\":" + new string('[', 100) + new string(']', 100) + "}";

        var result = ForkChoiceParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.False(result.IsSuccess);
        Assert.Contains("depth", result.Error.Message, StringComparison.OrdinalIgnoreCase);
    }

    internal static byte[] Fixture(string name) =>
        File.ReadAllBytes(RepositoryFiles.ForkChoiceFixture(name));

    private static byte[] Body(string members) =>
        Encoding.UTF8.GetBytes("{" + members.Replace("'", "\"", StringComparison.Ordinal).Replace("\"R\"", $"\"{Valid}\"", StringComparison.Ordinal) + "}");
}
