using System.Net.Sockets;
using System.Security.Authentication;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>The fault server really plays each fault; otherwise a passing fault test would prove nothing.</summary>
public sealed class LoopbackFaultServerTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Full_accept_queue_makes_connect_hang()
    {
        await using var server = await LoopbackFaultServer.StartWithFullAcceptQueueAsync();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Short);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await client.ConnectAsync(System.Net.IPAddress.Loopback, server.Port, timeout.Token));
    }

    [Fact]
    public async Task Accept_with_no_answer_reads_the_request_and_stays_silent()
    {
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.AcceptNoAnswer);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var giveUp = new CancellationTokenSource();
        var request = http.GetAsync(new Uri(server.BaseUrl, "lean/v0/fork_choice"), giveUp.Token);

        // Wait for the server to have the request (a loaded machine may take a while), then check it never answers.
        using var recorded = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (server.Requests.Count == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), recorded.Token);
        }

        await Task.Delay(Short, CancellationToken.None);
        Assert.False(request.IsCompleted, "the server answered or closed, but it should stay silent");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        Assert.Equal(1, server.ConnectionsAccepted);
        Assert.StartsWith("GET /lean/v0/fork_choice HTTP/1.1", Assert.Single(server.Requests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_mid_body_fails_the_body_read()
    {
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.ResetMidBody);
        using var http = new HttpClient();
        using var response = await http.GetAsync(server.BaseUrl, HttpCompletionOption.ResponseHeadersRead);

        await using var body = await response.Content.ReadAsStreamAsync();

        var error = await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task Endless_chunked_body_keeps_coming()
    {
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.EndlessChunkedBody());
        using var http = new HttpClient();
        using var response = await http.GetAsync(server.BaseUrl, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        var buffer = new byte[64 * 1024];
        long total = 0;
        while (total < 4 * 1024 * 1024)
        {
            var read = await body.ReadAsync(buffer);
            Assert.NotEqual(0, read);
            total += read;
        }

        Assert.Null(response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Self_signed_certificate_is_rejected_by_a_default_client()
    {
        using var certificate = SelfSignedCertificate.CreateForLoopback();
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.Json(ForkChoiceBodies.Valid()), tlsCertificate: certificate);
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(server.BaseUrl));

        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Equal("https", server.BaseUrl.Scheme);
    }

    [Fact]
    public async Task Ipv6_loopback_server_answers()
    {
        await using var server = LoopbackFaultServer.Start(FaultBehaviors.Json(ForkChoiceBodies.Valid()), System.Net.IPAddress.IPv6Loopback);
        using var http = new HttpClient();

        var body = await http.GetStringAsync(new Uri(server.BaseUrl, "lean/v0/fork_choice"));

        Assert.Equal("[::1]", server.BaseUrl.Host);
        Assert.Contains(ForkChoiceBodies.RootC, body, StringComparison.Ordinal);
    }
}
