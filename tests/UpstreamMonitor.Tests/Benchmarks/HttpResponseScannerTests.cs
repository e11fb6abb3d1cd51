using System.Text;
using UpstreamMonitor.Benchmarks.Load;

namespace UpstreamMonitor.Tests.Benchmarks;

public sealed class HttpResponseScannerTests
{
    private const string Response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCONTENT-length: 11\r\nServer: Kestrel\r\n\r\n{\"ok\":true}";

    [Fact]
    public void A_response_fed_one_byte_at_a_time_completes_on_its_last_body_byte_and_not_before()
    {
        var scanner = new HttpResponseScanner();
        var bytes = Encoding.ASCII.GetBytes(Response);

        for (var i = 0; i < bytes.Length - 1; i++)
        {
            Assert.False(scanner.Feed(bytes.AsSpan(i, 1)), $"complete after {i + 1} of {bytes.Length} bytes");
        }

        Assert.True(scanner.Feed(bytes.AsSpan(bytes.Length - 1, 1)));
        Assert.Equal(200, scanner.StatusCode);
        Assert.Equal(11, scanner.ContentLength);
    }

    [Fact]
    public void After_a_reset_the_next_response_on_the_connection_is_read_with_its_own_status_and_length()
    {
        var scanner = new HttpResponseScanner();
        Assert.True(scanner.Feed(Encoding.ASCII.GetBytes(Response)));
        scanner.Reset();

        var notFound = Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

        Assert.True(scanner.Feed(notFound));
        Assert.Equal(404, scanner.StatusCode);
        Assert.Equal(0, scanner.ContentLength);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "Transfer-Encoding")]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello", "no Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n", "not a non-negative number")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "HTTP/1.x status line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1", "past the end of the response")]
    public void A_response_the_generator_cannot_frame_is_refused_by_name(string response, string reason)
    {
        var scanner = new HttpResponseScanner();

        var error = Assert.Throws<InvalidDataException>(() => scanner.Feed(Encoding.ASCII.GetBytes(response)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
