using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Tests.Alerts.Delivery;

public sealed class ReceiverUrlsTests
{
    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXXSECRET", "https://hooks.slack.com/services/***")]
    [InlineData("https://discord.com/api/webhooks/123/tokenSECRET", "https://discord.com/api/***")]
    [InlineData("https://alice:pw@example.test/hook?token=SECRET", "https://***@example.test/hook?***")]
    [InlineData("http://127.0.0.1:9093", "http://127.0.0.1:9093/")]
    [InlineData("not a url with https://bob:SECRET@x", "not a url with https://***@x")]
    public void Secrets_in_paths_queries_and_user_info_are_masked(string url, string expected) =>
        Assert.Equal(expected, ReceiverUrls.Display(url));

    [Fact]
    public void Scrub_removes_the_url_from_an_error_message()
    {
        const string Url = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";

        var scrubbed = ReceiverUrls.Scrub($"Connection refused ({Url})", Url);

        Assert.Equal("Connection refused (https://hooks.slack.com/services/***)", scrubbed);
    }
}
