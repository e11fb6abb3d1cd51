using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Tests.LeanApi;

public sealed class BoundedBodyReaderTests
{
    private const int Limit = 64 * 1024;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024)]
    [InlineData(Limit - 1)]
    [InlineData(Limit)]
    public async Task Bodies_up_to_the_limit_are_read_whole_with_or_without_content_length(int size)
    {
        var bytes = Bytes(size);
        foreach (var declared in new[] { true, false })
        {
            using var content = Content(bytes, declared);

            using var body = await BoundedBodyReader.ReadPooledAsync(content, Limit, "test body", new ExchangeProgress(), CancellationToken.None);

            Assert.Equal(bytes, body.Span.ToArray());
        }
    }

    [Fact]
    public async Task One_byte_over_the_limit_without_content_length_is_refused_while_counting()
    {
        using var content = Content(Bytes(Limit + 1), declared: false);
        var progress = new ExchangeProgress();

        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(
            async () => (await BoundedBodyReader.ReadPooledAsync(content, Limit, "test body", progress, CancellationToken.None)).Dispose());

        Assert.Equal("too large: the test body exceeded the 64 KiB limit; stopped reading", error.Message);
        Assert.Equal(Limit, progress.BodyBytes);
    }

    [Fact]
    public async Task Over_the_limit_by_content_length_is_refused_before_reading()
    {
        using var content = Content(Bytes(Limit + 1), declared: true);
        var progress = new ExchangeProgress();

        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(
            async () => (await BoundedBodyReader.ReadPooledAsync(content, Limit, "test body", progress, CancellationToken.None)).Dispose());

        Assert.Equal("too large: the test body is 65537 bytes (Content-Length), over the 64 KiB limit", error.Message);
        Assert.Equal(0, progress.BodyBytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Exact_read_returns_an_array_of_the_body_size(bool declared)
    {
        var bytes = Bytes(100_000);
        using var content = Content(bytes, declared);

        var result = await BoundedBodyReader.ReadExactAsync(content, 1024 * 1024, "state", new ExchangeProgress(), CancellationToken.None);

        Assert.Equal(bytes, result);
    }

    private static byte[] Bytes(int size) => Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();

    private static StreamContent Content(byte[] bytes, bool declared)
    {
        var content = new StreamContent(new ForwardOnlyStream(bytes));
        if (declared)
        {
            content.Headers.ContentLength = bytes.Length;
        }

        return content;
    }

    /// <summary>A stream that cannot seek, so StreamContent cannot compute a length: a chunked body.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
