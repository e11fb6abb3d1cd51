using System.Net;
using Bunit;
using UpstreamMonitor.Components.Layout;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Components.Layout;

public sealed class MainLayoutTests : BunitContext
{
    [Fact]
    public async Task Every_endpoint_link_in_the_top_bar_answers_from_the_composed_host()
    {
        var links = Render<MainLayout>().FindAll("nav.links a").Select(a => a.GetAttribute("href")!).ToList();
        await using var host = new MonitorWebFactory();
        using var client = host.CreateClient();

        Assert.Contains("openapi/v1.json", links);
        foreach (var link in links)
        {
            using var response = await client.GetAsync(new Uri("/" + link, UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{link}: {(int)response.StatusCode}");
        }
    }
}
