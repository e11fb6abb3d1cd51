using System.Buffers.Text;

namespace UpstreamMonitor.Benchmarks.Load;

/// <summary>
/// Finds the end of one HTTP/1.1 response in the bytes a connection receives: the head up to the blank line, then
/// exactly Content-Length body bytes, which are counted and dropped. The generator reads nothing else, so reading a
/// response costs a scan of its head and no allocation. Chunked or unframed responses are refused by name.
/// </summary>
internal sealed class HttpResponseScanner
{
    /// <summary>Our routes answer with a few hundred bytes of headers; a head past this is not a response we serve.</summary>
    private const int MaxHeadBytes = 16 * 1024;

    private readonly byte[] _head = new byte[MaxHeadBytes];
    private int _headLength;
    private long _bodyRemaining = -1;

    /// <summary>The status code of the response being read (0 until its head is complete).</summary>
    public int StatusCode { get; private set; }

    /// <summary>Body bytes of the last complete response.</summary>
    public long ContentLength { get; private set; }

    /// <summary>Forget the response just read, ready for the next one on the same connection.</summary>
    public void Reset()
    {
        _headLength = 0;
        _bodyRemaining = -1;
        StatusCode = 0;
        ContentLength = 0;
    }

    /// <summary>Takes the next received bytes; true once the response is complete.</summary>
    /// <exception cref="InvalidDataException">The bytes are not one Content-Length-framed HTTP/1.1 response.</exception>
    public bool Feed(ReadOnlySpan<byte> received)
    {
        if (_bodyRemaining < 0)
        {
            var before = _headLength;
            var take = Math.Min(_head.Length - _headLength, received.Length);
            received[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;

            // The blank line may straddle two reads: search from three bytes before the new ones.
            var from = Math.Max(0, before - 3);
            var end = _head.AsSpan(from, _headLength - from).IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                return _headLength < _head.Length
                    ? false
                    : throw new InvalidDataException($"The response head is longer than {MaxHeadBytes} bytes without a blank line.");
            }

            var headLength = from + end + 4;
            ReadHead(_head.AsSpan(0, headLength));
            received = received[(headLength - before)..];
        }

        if (received.Length > _bodyRemaining)
        {
            throw new InvalidDataException(
                $"{received.Length - _bodyRemaining} bytes arrived past the end of the response (Content-Length {ContentLength}) before the next request was sent.");
        }

        _bodyRemaining -= received.Length;
        return _bodyRemaining == 0;
    }

    private void ReadHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK\r\n": the three digits after the first space.
        if (!head.StartsWith("HTTP/1."u8) || head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out var used) || used != 3)
        {
            throw new InvalidDataException("The response does not start with an HTTP/1.x status line.");
        }

        long? length = null;
        var lines = head[(head.IndexOf("\r\n"u8) + 2)..];
        while (lines.Length > 2)
        {
            var lineEnd = lines.IndexOf("\r\n"u8);
            var line = lines[..lineEnd];
            lines = lines[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 17 && IsNamed(name, "transfer-encoding"u8))
            {
                throw new InvalidDataException("The response is sent with Transfer-Encoding; the generator reads Content-Length bodies only.");
            }

            if (name.Length == 14 && IsNamed(name, "content-length"u8))
            {
                length = Utf8Parser.TryParse(value, out long parsed, out var digits) && digits == value.Length && parsed >= 0
                    ? parsed
                    : throw new InvalidDataException("The response's Content-Length is not a non-negative number.");
            }
        }

        StatusCode = status;
        ContentLength = length ?? throw new InvalidDataException($"The response (status {status}) has no Content-Length; the generator reads Content-Length bodies only.");
        _bodyRemaining = ContentLength;
    }

    private static bool IsNamed(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowerCase)
    {
        for (var i = 0; i < name.Length; i++)
        {
            // ASCII letters fold to lower case with one bit; the other header-name characters are compared as they are.
            if ((name[i] | 0x20) != lowerCase[i])
            {
                return false;
            }
        }

        return true;
    }
}
