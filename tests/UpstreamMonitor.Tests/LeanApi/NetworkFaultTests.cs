using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;
using Xunit.Abstractions;

namespace UpstreamMonitor.Tests.LeanApi;

/// <summary>The client against real loopback sockets that misbehave.</summary>
public sealed class NetworkFaultTests(ITestOutputHelper output) : IDisposable
{
    // "Did not hang" guard for a 300 ms timeout: generous for a loaded CI machine.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private readonly LeanApiTestHost _host = new();
    private readonly LeanApiTestHost _shortTimeout = new(LeanApiTestHost.ShortTimeoutMs);

    public void Dispose()
    {
        _host.Dispose();
        _shortTimeout.Dispose();
    }

    [Fact]
    public async Task Accept_without_an_answer_is_a_timeout()
    {
        await using var server = new LoopbackServer(async (socket, _, ct) =>
        {
            await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var result = await _shortTimeout.Client.GetForkChoiceAsync(Node(server.Url), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.Timeout, result.Error?.Kind);
        Assert.Equal("timeout after 300 ms waiting for the response", result.Error?.Message);
    }

    [Fact]
    public async Task Connect_that_hangs_on_a_full_accept_queue_is_a_timeout_while_connecting()
    {
        // A listener that never accepts, with its accept queue filled: the kernel drops further SYNs.
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        using var fillTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                try
                {
                    await filler.ConnectAsync(endpoint, fillTimeout.Token);
                }
                catch (OperationCanceledException)
                {
                    break; // the queue is full: this connect hangs too
                }
            }

            var result = await _shortTimeout.Client.GetForkChoiceAsync(Node(new Uri($"http://127.0.0.1:{endpoint.Port}/")), CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(LeanApiErrorKind.Timeout, result.Error?.Kind);
            Assert.Equal($"timeout after 300 ms connecting to 127.0.0.1:{endpoint.Port}", result.Error?.Message);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
            listener.Dispose();
        }
    }

    [Fact]
    public async Task Self_signed_https_upstream_is_a_clear_tls_error()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var generated = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pfx), null);
        await using var server = new LoopbackServer(async (socket, _, ct) =>
        {
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
            }
            catch (System.Security.Authentication.AuthenticationException)
            {
                // The client refused the certificate, as it should.
            }
        });

        var result = await _host.Client.GetForkChoiceAsync(Node(new Uri($"https://127.0.0.1:{server.Port}/")), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.ConnectionFailed, result.Error?.Kind);
        Assert.Equal($"connection failed: TLS handshake with 127.0.0.1:{server.Port} failed: the certificate is not trusted (self-signed or unknown issuer)", result.Error?.Message);
    }

    [Fact]
    public async Task Headers_then_a_stalled_body_is_a_timeout_that_says_how_far_it_got()
    {
        await using var server = new LoopbackServer(async (socket, self, ct) =>
        {
            await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await self.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"nodes\":", ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var result = await _shortTimeout.Client.GetForkChoiceAsync(Node(server.Url), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.Timeout, result.Error?.Kind);
        Assert.Equal("timeout after 300 ms reading the body (9 of 1000 bytes received)", result.Error?.Message);
    }

    [Fact]
    public async Task Trickled_body_is_a_timeout_while_reading_the_body()
    {
        await using var server = new LoopbackServer(async (socket, self, ct) =>
        {
            await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await self.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n", ct);
            while (!ct.IsCancellationRequested)
            {
                await self.SendAsync(socket, " ", ct);
                await Task.Delay(50, ct);
            }
        });

        var result = await _shortTimeout.Client.GetForkChoiceAsync(Node(server.Url), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.Timeout, result.Error?.Kind);
        Assert.Matches(@"^timeout after 300 ms reading the body \(\d+ of 1000 bytes received\)$", result.Error?.Message);
    }

    [Fact]
    public async Task Aggregator_status_has_its_own_timeout_of_at_least_one_second()
    {
        await using var server = new LoopbackServer(async (socket, _, ct) =>
        {
            await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var result = await _shortTimeout.Client.GetAggregatorStatusAsync(Node(server.Url), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal("timeout after 1000 ms waiting for the response", result.Error?.Message);
    }

    [Fact]
    public async Task Connection_reset_mid_body_is_a_connection_failure()
    {
        await using var server = new LoopbackServer(async (socket, self, ct) =>
        {
            await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await self.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"nodes\":", ct);
            await Task.Delay(50, ct);
            socket.LingerState = new LingerOption(true, 0); // close with RST
            socket.Close();
        });

        var result = await _host.Client.GetForkChoiceAsync(Node(server.Url), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.ConnectionFailed, result.Error?.Kind);
        Assert.Matches("^connection failed: .* after 9 of 1000 bytes of the body$", result.Error?.Message);
    }

    [Fact]
    public async Task Closed_port_is_connection_refused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await _host.Client.GetForkChoiceAsync(Node(new Uri($"http://127.0.0.1:{port}/")), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.ConnectionFailed, result.Error?.Kind);
        Assert.Equal($"connection failed: connection refused by 127.0.0.1:{port}", result.Error?.Message);
    }

    [Fact]
    public async Task Unresolvable_host_fails_as_a_connection_failure()
    {
        var result = await _host.Client.GetForkChoiceAsync(Node(new Uri("http://node.invalid:5052/")), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.ConnectionFailed, result.Error?.Kind);
        Assert.Equal("connection failed: host name node.invalid does not resolve", result.Error?.Message);
    }

    [Fact]
    public async Task Ipv6_loopback_upstream_works()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        try
        {
            listener.Start();
        }
        catch (SocketException)
        {
            return; // no ::1 on this host
        }

        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            await LoopbackServer.ReadRequestHeadAsync(socket, CancellationToken.None);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 22\r\n\r\n{\"is_aggregator\":true}"u8.ToArray());
        });

        var result = await _host.Client.GetAggregatorStatusAsync(Node(new Uri($"http://[::1]:{port}/")), CancellationToken.None).WaitAsync(Guard);
        await serving.WaitAsync(Guard);
        listener.Stop();

        Assert.True(result.IsSuccess, result.ToString());
        Assert.True(result.Value);
    }

    [Fact]
    public async Task Endless_chunked_body_is_refused_at_the_limit()
    {
        await using var server = new LoopbackServer(async (socket, self, ct) =>
        {
            await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await self.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", ct);
            var chunk = System.Text.Encoding.ASCII.GetBytes("10000\r\n" + new string(' ', 0x10000) + "\r\n");
            while (!ct.IsCancellationRequested)
            {
                await self.SendAsync(socket, chunk, ct);
            }
        });
        var result = await _host.Client.GetForkChoiceAsync(Node(server.Url), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.TooLarge, result.Error?.Kind);
        Assert.Equal("too large: the fork choice body exceeded the 8 MiB limit; stopped reading", result.Error?.Message);
    }

    [Fact]
    public async Task Declared_length_over_the_limit_is_refused_before_reading_the_body()
    {
        await using var server = new LoopbackServer(async (socket, self, ct) =>
        {
            await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await self.SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 68719476736\r\n\r\n", ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var result = await _host.Client.GetFinalizedStateAsync(Node(server.Url), 64L * 1024 * 1024, CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(LeanApiErrorKind.TooLarge, result.Error?.Kind);
        Assert.Equal("too large: the finalized state is 68719476736 bytes (Content-Length), over the 64 MiB limit", result.Error?.Message);
    }

    [Fact]
    public async Task Caller_cancellation_throws_instead_of_returning_an_error()
    {
        await using var server = new LoopbackServer(async (socket, _, ct) =>
        {
            await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _host.Client.GetForkChoiceAsync(Node(server.Url), cancellation.Token).WaitAsync(Guard));
    }

    [Fact]
    public async Task State_prefix_of_a_16_MiB_state_transfers_under_64_KiB()
    {
        const int stateBytes = 16 * 1024 * 1024;
        var state = SyntheticState.Create(slot: 4242, totalBytes: stateBytes);
        string? requestHead = null;
        await using var server = new LoopbackServer(async (socket, self, ct) =>
        {
            // A small send buffer keeps what the kernel accepts from the server close to what the client took.
            socket.SendBufferSize = 8 * 1024;
            requestHead = await LoopbackServer.ReadRequestHeadAsync(socket, ct);
            await self.SendAsync(socket, $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {stateBytes}\r\n\r\n", ct);
            for (var offset = 0; offset < state.Length; offset += 4096)
            {
                await self.SendAsync(socket, state.AsMemory(offset, 4096), ct);
            }
        });

        var result = await _host.Client.GetFinalizedStatePrefixAsync(Node(server.Url), CancellationToken.None).WaitAsync(Guard);
        await server.ConnectionsCompleted.WaitAsync(Guard);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(4242, result.Value.Slot);
        Assert.Contains("Accept: application/octet-stream\r\n", requestHead, StringComparison.Ordinal);
        output.WriteLine($"server wrote {server.BytesWritten} bytes of a {stateBytes}-byte state");
        Assert.InRange(server.BytesWritten, StatePrefixLengthWithHeaders, 64 * 1024);
    }

    private const int StatePrefixLengthWithHeaders = 228;

    private static UpstreamDefinition Node(Uri url) => UpstreamDefinition.Create("zeam_0", url);
}
