using System.Buffers;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// Reads response bodies without trusting the node: Content-Length is checked against the limit before reading, the
/// bytes are counted while reading, and no more than the limit (plus one byte to notice the excess) is ever buffered.
/// </summary>
internal static class BoundedBodyReader
{
    private const int InitialBufferBytes = 16 * 1024;

    /// <summary>
    /// Reads a whole body of at most <paramref name="limit"/> bytes into a pooled buffer that never exceeds the limit:
    /// once it holds exactly the limit, a one-byte probe tells a complete body from an oversized one.
    /// </summary>
    public static async ValueTask<PooledBody> ReadPooledAsync(
        HttpContent content, int limit, string what, ExchangeProgress progress, CancellationToken cancellationToken)
    {
        var declared = CheckDeclaredLength(content, limit, what, progress);

        // One spare byte past a declared length lets the final read see the end without growing the buffer.
        var capacity = declared is { } length ? (int)Math.Min(length + 1, limit) : Math.Min(InitialBufferBytes, limit);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken);
            var count = 0;
            while (true)
            {
                var window = Math.Min(buffer.Length, limit);
                if (count == window)
                {
                    if (window == limit)
                    {
                        var probe = new byte[1];
                        return await stream.ReadAsync(probe, cancellationToken) == 0
                            ? new PooledBody(buffer, count)
                            : throw new ResponseTooLargeException(what, limit, null);
                    }

                    buffer = Grow(buffer, count, limit);
                    window = Math.Min(buffer.Length, limit);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(count, window - count), cancellationToken);
                if (read == 0)
                {
                    return new PooledBody(buffer, count);
                }

                count += read;
                progress.BodyBytes = count;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Reads a whole body of at most <paramref name="maxBytes"/> into an exact-size array: straight into it when the
    /// length is declared, else into a pooled buffer that grows up to the limit.
    /// </summary>
    public static async ValueTask<byte[]> ReadExactAsync(
        HttpContent content, long maxBytes, string what, ExchangeProgress progress, CancellationToken cancellationToken)
    {
        var limit = (int)Math.Min(maxBytes, Array.MaxLength);
        var declared = CheckDeclaredLength(content, limit, what, progress);
        if (declared is { } length)
        {
            var result = new byte[length];
            var stream = await content.ReadAsStreamAsync(cancellationToken);
            var count = 0;
            while (count < result.Length)
            {
                var read = await stream.ReadAsync(result.AsMemory(count), cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"the node closed the connection after {count} of {length} bytes");
                }

                count += read;
                progress.BodyBytes = count;
            }

            return result;
        }

        using var body = await ReadPooledAsync(content, limit, what, progress, cancellationToken);
        return body.Span.ToArray();
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes (fewer only at the end of the body).</summary>
    public static async ValueTask<int> ReadPrefixAsync(Stream stream, Memory<byte> buffer, ExchangeProgress progress, CancellationToken cancellationToken)
    {
        var count = 0;
        while (count < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[count..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            count += read;
            progress.BodyBytes = count;
        }

        return count;
    }

    private static long? CheckDeclaredLength(HttpContent content, long limit, string what, ExchangeProgress progress)
    {
        var declared = content.Headers.ContentLength;
        progress.ContentLength = declared;
        return declared > limit ? throw new ResponseTooLargeException(what, limit, declared) : declared;
    }

    private static byte[] Grow(byte[] buffer, int count, int cap)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
        buffer.AsSpan(0, count).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}

/// <summary>A body in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; dispose to return it.</summary>
internal readonly struct PooledBody(byte[] buffer, int length) : IDisposable
{
    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

    public int Length => length;

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
