using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Upstreams;

public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("http://user:secret@127.0.0.1:5052/", "http://***@127.0.0.1:5052/")]
    [InlineData("http://token@127.0.0.1:5052", "http://***@127.0.0.1:5052/")]
    [InlineData("http://127.0.0.1:5052", "http://127.0.0.1:5052/")]
    public void Masks_user_info(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.Mask(new Uri(url)));

    [Fact]
    public void Masks_credentials_echoed_in_text()
    {
        var url = new Uri("http://user:s%40cret@127.0.0.1:1");

        var text = UrlRedaction.MaskText("GET http://user:s@cret@127.0.0.1:1 failed", url);

        Assert.DoesNotContain("s@cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_is_the_name_prefix() =>
        Assert.Equal("grandine", UpstreamDefinition.ClientFromName("grandine_0"));
}
