using System.Net;

namespace UpstreamMonitor.Tests.Http;

public sealed class KestrelLimitsTests
{
    [Fact]
    public async Task Oversized_request_lines_and_headers_are_refused()
    {
        await using var host = await KestrelMonitorHost.StartAsync();

        using var longUrl = await host.Client.GetAsync(new Uri("/status?q=" + new string('a', 8 * 1024), UriKind.Relative));
        using var bigHeaders = new HttpRequestMessage(HttpMethod.Get, new Uri("/status", UriKind.Relative));
        bigHeaders.Headers.Add("X-Padding", new string('b', 32 * 1024));
        using var headersResponse = await host.Client.SendAsync(bigHeaders);
        using var normal = await host.Client.GetAsync(new Uri("/status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, headersResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    [Fact]
    public async Task Post_is_405_on_real_kestrel_too()
    {
        await using var host = await KestrelMonitorHost.StartAsync();

        using var response = await host.Client.PostAsync(new Uri("/lean/v0/states/finalized", UriKind.Relative), new ByteArrayContent(new byte[100]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
