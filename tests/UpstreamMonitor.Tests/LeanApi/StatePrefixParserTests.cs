using System.Buffers.Binary;
using System.Text;
using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Tests.LeanApi;

public sealed class StatePrefixParserTests
{
    [Fact]
    public void Reads_slot_genesis_time_and_embedded_checkpoints()
    {
        var state = SyntheticState.Create(slot: 120, totalBytes: 1024);

        var result = StatePrefixParser.Parse(state.AsSpan(0, 228));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(SyntheticState.GenesisTime, result.Value.GenesisTime);
        Assert.Equal(120, result.Value.Slot);
        Assert.Equal(120, result.Value.LatestBlockHeaderSlot);
        Assert.Equal(new Checkpoint(118, "0x" + new string('1', 64)), result.Value.LatestJustified);
        Assert.Equal(new Checkpoint(116, "0x" + string.Concat(Enumerable.Repeat("ab", 32))), result.Value.LatestFinalized);
    }

    [Fact]
    public void Wrong_first_offset_is_an_invalid_body()
    {
        var state = SyntheticState.Create(slot: 8, totalBytes: 300, firstOffset: 260);

        var result = StatePrefixParser.Parse(state);

        Assert.Equal(LeanApiErrorKind.InvalidBody, result.Error?.Kind);
        Assert.Equal("invalid body: not an SSZ State: the first variable-field offset is 260, expected 228", result.Error?.Message);
    }

    [Fact]
    public void Short_state_is_an_invalid_body() =>
        Assert.Equal(
            "invalid body: the state ended after 100 bytes; an SSZ State has a 228-byte fixed part",
            StatePrefixParser.Parse(new byte[100]).Error?.Message);

    [Fact]
    public void Slot_above_2_pow_53_is_refused()
    {
        var state = SyntheticState.Create(slot: 5, totalBytes: 228);
        BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(8), ulong.MaxValue);

        var result = StatePrefixParser.Parse(state);

        Assert.Equal("invalid body: state slot: expected an integer below 2^53, got 18446744073709551615", result.Error?.Message);
    }

    [Fact]
    public void Json_text_is_reported_as_not_ssz()
    {
        var json = Encoding.UTF8.GetBytes("{\"slot\": 12, \"root\": \"0x" + new string('a', 64) + "\", \"padding\": \"" + new string('x', 200) + "\"}");

        var result = StatePrefixParser.Parse(json);

        Assert.Equal(LeanApiErrorKind.NotSsz, result.Error?.Kind);
        Assert.StartsWith("not SSZ: text where an SSZ State was expected: \"{\"slot\": 12", result.Error?.Message, StringComparison.Ordinal);
    }
}
