using System.Text;
using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Tests.LeanApi;

public sealed class LeanJsonBodiesTests
{
    private const string Root = "0x9b3e7e1bc7cc2ce6c6c6e2d9b3c9f2e8d4e5f6071829304b5c6d7e8f90123456";

    [Fact]
    public void Justified_checkpoint_parses()
    {
        var result = LeanJsonBodies.ParseCheckpoint(Encoding.UTF8.GetBytes($"{{\"slot\": 123, \"root\": \"{Root.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)}\"}}"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(new Checkpoint(123, Root), result.Value);
    }

    [Theory]
    [InlineData("{\"slot\": 1}", "invalid body: missing field \"root\"")]
    [InlineData("{\"slot\": \"1\", \"root\": \"0x00\"}", "invalid body: slot: expected an integer, got a string \"1\"")]
    public void Justified_checkpoint_errors_name_the_field(string body, string expected)
    {
        var result = LeanJsonBodies.ParseCheckpoint(Encoding.UTF8.GetBytes(body));

        Assert.False(result.IsSuccess);
        Assert.Equal(expected, result.Error.Message);
    }

    [Fact]
    public void Health_returns_the_reported_status() =>
        Assert.Equal("healthy", LeanJsonBodies.ParseHealth("{\"status\":\"healthy\",\"service\":\"lean-rpc-api\"}"u8).Value);

    [Theory]
    [InlineData("{\"is_aggregator\": true}", true)]
    [InlineData("{\"is_aggregator\": false, \"other\": [1]}", false)]
    public void Aggregator_status_parses(string body, bool expected)
    {
        var result = LeanJsonBodies.ParseAggregatorStatus(Encoding.UTF8.GetBytes(body));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Aggregator_status_as_string_is_refused()
    {
        var result = LeanJsonBodies.ParseAggregatorStatus("{\"is_aggregator\": \"yes\"}"u8);

        Assert.Equal("invalid body: is_aggregator: expected true or false, got a string \"yes\"", result.Error?.Message);
    }
}
