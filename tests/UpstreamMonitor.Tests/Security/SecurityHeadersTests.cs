using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Security;
using UpstreamMonitor.Tests.Faults;

namespace UpstreamMonitor.Tests.Security;

/// <summary>One running monitor (real host, real Kestrel) shared by the tests of a class.</summary>
public sealed class MonitorHostFixture : IAsyncLifetime
{
    private LoopbackFaultServer _node = null!;

    internal RunningMonitor Monitor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _node = LoopbackFaultServer.Start(FaultBehaviors.Json(ForkChoiceBodies.Valid()));
        Monitor = await RunningMonitor.StartAsync(
        [
            new("Monitor:Upstreams:0:Name", "zeam_0"),
            new("Monitor:Upstreams:0:Url", _node.BaseUrl.AbsoluteUri),
        ]);
    }

    public async Task DisposeAsync()
    {
        await Monitor.DisposeAsync();
        await _node.DisposeAsync();
    }
}

/// <summary>The security headers and request limits, on the real host over real Kestrel.</summary>
public sealed class SecurityHeadersTests(MonitorHostFixture host) : IClassFixture<MonitorHostFixture>
{
    private RunningMonitor Monitor => host.Monitor;

    /// <summary>The limits the running server enforces, whoever configured them (the HTTP surface's HttpLimits).</summary>
    private KestrelServerLimits Limits => Monitor.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

    [Theory]
    [InlineData("/")]
    [InlineData("/status")]
    [InlineData("/api/upstreams")]
    [InlineData("/metrics")]
    [InlineData("/healthz")]
    [InlineData("/no/such/route")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var http = new HttpClient { BaseAddress = Monitor.BaseUrl };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        foreach (var (name, value) in SecurityHeaders.All)
        {
            Assert.True(response.Headers.TryGetValues(name, out var values), $"{name} missing on {path} ({(int)response.StatusCode})");
            Assert.Equal(value, Assert.Single(values));
        }

        Assert.False(response.Headers.Contains("Server"), "the server header advertises the stack");
    }

    [Fact]
    public void Content_security_policy_forbids_inline_script_eval_and_framing()
    {
        var directives = SecurityHeaders.ContentSecurityPolicy
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["connect-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'self'", directives["base-uri"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.DoesNotContain(directives.Values, v => v.Contains("unsafe-eval", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", directives["script-src"], StringComparison.Ordinal);
        Assert.DoesNotContain(directives.Values, v => v.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oversized_request_headers_get_431()
    {
        using var http = new HttpClient { BaseAddress = Monitor.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.Add("X-Padding", new string('a', Limits.MaxRequestHeadersTotalSize + 1));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Too_many_request_headers_get_431()
    {
        using var http = new HttpClient { BaseAddress = Monitor.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        for (var i = 0; i <= Limits.MaxRequestHeaderCount; i++)
        {
            request.Headers.Add($"X-Header-{i}", "x");
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Long_url_gets_414()
    {
        using var http = new HttpClient { BaseAddress = Monitor.BaseUrl };

        using var response = await http.GetAsync(new Uri("/status?q=" + new string('a', Limits.MaxRequestLineSize), UriKind.Relative));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Theory]
    [InlineData("/../appsettings.json")]
    [InlineData("/%2e%2e/appsettings.json")]
    [InlineData("/%2e%2e%2fappsettings.json")]
    [InlineData("/..%2fappsettings.json")]
    [InlineData("/..%5cappsettings.json")]
    [InlineData("/wwwroot/../appsettings.json")]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/....//appsettings.json")]
    [InlineData("/UpstreamMonitor.dll")]
    [InlineData("/UpstreamMonitor.deps.json")]
    public async Task Path_traversal_does_not_escape_wwwroot(string path)
    {
        // Raw socket: HttpClient would normalise the dot segments away before they reach the server.
        var (status, body) = await SendRawAsync($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Assert.NotEqual(200, status);
        Assert.DoesNotContain("\"Monitor\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:0:0", body, StringComparison.Ordinal);
        Assert.DoesNotContain("MZ", body[..Math.Min(body.Length, 2)], StringComparison.Ordinal);
    }

    private async Task<(int Status, string Body)> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Monitor.BaseUrl.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var status = int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyStart < 0 ? string.Empty : text[(bodyStart + 4)..]);
    }
}
