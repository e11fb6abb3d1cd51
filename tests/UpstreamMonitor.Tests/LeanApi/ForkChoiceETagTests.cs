using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Tests.LeanApi;

/// <summary>Which entity tags the monitor keeps and sends back (decision 1230): short, visible-ASCII, RFC 9110 shaped.</summary>
public sealed class ForkChoiceETagTests
{
    [Theory]
    [InlineData("\"v1\"")]
    [InlineData("W/\"v1\"")]
    [InlineData("\"\"")]
    [InlineData("\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\"")]
    [InlineData("\"!#$%&'()*+,-./:;<=>?@[]^_`{|}~\"")]
    public void A_short_visible_ascii_entity_tag_is_kept(string tag) => Assert.True(ForkChoiceETag.IsValid(tag));

    [Theory]
    [InlineData("v1")]
    [InlineData("\"v1")]
    [InlineData("W/v1")]
    [InlineData("w/\"v1\"")]
    [InlineData("\"a\"b\"")]
    [InlineData("\"has space\"")]
    [InlineData("\"tab\there\"")]
    [InlineData("\"caf\u00e9\"")]
    [InlineData("\"v1\", \"v2\"")]
    [InlineData("")]
    public void A_malformed_entity_tag_is_not_kept(string tag) => Assert.False(ForkChoiceETag.IsValid(tag));

    [Fact]
    public void The_bound_is_128_characters_quotes_and_weak_prefix_included()
    {
        var longest = "\"" + new string('x', ForkChoiceETag.MaxLength - 2) + "\"";
        var weakLongest = "W/\"" + new string('x', ForkChoiceETag.MaxLength - 4) + "\"";

        Assert.True(ForkChoiceETag.IsValid(longest));
        Assert.True(ForkChoiceETag.IsValid(weakLongest));
        Assert.False(ForkChoiceETag.IsValid("\"" + new string('x', ForkChoiceETag.MaxLength - 1) + "\""));
        Assert.False(ForkChoiceETag.IsValid("W/\"" + new string('x', ForkChoiceETag.MaxLength - 3) + "\""));
        Assert.False(ForkChoiceETag.IsValid(null));
    }

    [Fact]
    public void Two_etag_headers_on_one_response_keep_neither()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("ETag", "\"v1\"");
        response.Headers.TryAddWithoutValidation("ETag", "\"v2\"");

        Assert.Null(ForkChoiceETag.Read(response));
    }

    [Fact]
    public void One_valid_etag_header_is_read_as_sent()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("ETag", "W/\"abc\"");

        Assert.Equal("W/\"abc\"", ForkChoiceETag.Read(response));
    }
}
