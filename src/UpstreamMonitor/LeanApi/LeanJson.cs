using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The lean API's JSON value rules on a <see cref="Utf8JsonReader"/>, without allocating on the success path except for
/// the root strings the caller keeps: roots are <c>0x</c> + 64 hex (normalized to lowercase), slots are integers
/// 0 ≤ s &lt; 2^53. Violations throw <see cref="LeanBodyException"/> naming the field.
/// </summary>
internal static class LeanJson
{
    public const int RootLength = 66;

    /// <summary>Reads the value of an object whose first token (StartObject) is current; leaves the reader on its EndObject.</summary>
    public delegate T ObjectReader<out T>(ref Utf8JsonReader reader);

    // Deep enough for every lean body (fork choice is 3 levels), shallow enough to refuse a nesting bomb quickly.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    public static Utf8JsonReader CreateReader(ReadOnlySpan<byte> body) => new(body, ReaderOptions);

    /// <summary>Parses a whole body that must be one JSON object, turning every failure into a specific error.</summary>
    public static LeanApiResult<T> ParseObject<T>(ReadOnlySpan<byte> body, string? mediaType, ObjectReader<T> read)
    {
        var start = FirstNonWhitespace(body);
        if (start < 0)
        {
            return Invalid("empty body where JSON was expected");
        }

        if (body[start] == (byte)'<' || IsHtml(mediaType))
        {
            return Invalid($"HTML where JSON was expected: {TextExcerpt.FromBody(body, mediaType)}");
        }

        try
        {
            var reader = CreateReader(body);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new LeanBodyException($"expected a JSON object, got {Describe(ref reader)}");
            }

            var value = read(ref reader);

            // Anything after the object other than whitespace makes Read throw; a clean end returns false.
            reader.Read();
            return LeanApiResult.Success(value);
        }
        catch (LeanBodyException e)
        {
            return Invalid(e.Message);
        }
        catch (JsonException e)
        {
            return Invalid(NotJson(e, body, mediaType));
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString on invalid UTF-8 inside a string.
            return Invalid($"not JSON ({e.Message}): {TextExcerpt.FromBody(body, mediaType)}");
        }
    }

    public static LeanApiError Invalid(string reason) => new(LeanApiErrorKind.InvalidBody, $"invalid body: {reason}");

    /// <summary>Advances to the next property of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Skips the value of the property the reader is on.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Reads a slot: a JSON integer, 0 ≤ s &lt; 2^53. The reader is on the property name.</summary>
    public static long ReadSlot(ref Utf8JsonReader reader, FieldPath path)
    {
        reader.Read();
        return ReadNonNegativeInteger(ref reader, path, Checkpoint.MaxSlot, "2^53");
    }

    /// <summary>Reads a non-negative integer no larger than <paramref name="max"/> from the current token.</summary>
    public static long ReadNonNegativeInteger(ref Utf8JsonReader reader, FieldPath path, long max, string maxText)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new LeanBodyException($"{path}: expected an integer, got {Describe(ref reader)}");
        }

        var raw = reader.ValueSpan;
        if (raw.IndexOfAny("."u8) >= 0 || raw.IndexOfAny("eE"u8) >= 0)
        {
            throw new LeanBodyException($"{path}: expected an integer, got {Ascii(raw)}");
        }

        if (raw[0] == (byte)'-')
        {
            throw new LeanBodyException($"{path}: expected a non-negative integer, got {Ascii(raw)}");
        }

        if (!reader.TryGetInt64(out var value) || value > max)
        {
            throw new LeanBodyException($"{path}: expected an integer below {maxText}, got {Ascii(raw)}");
        }

        return value;
    }

    /// <summary>Reads a root into a normalized string. The reader is on the property name.</summary>
    public static string ReadRoot(ref Utf8JsonReader reader, FieldPath path)
    {
        reader.Read();
        return ReadRootValue(ref reader, path);
    }

    /// <summary>Reads the current token as a root into a normalized (lowercase) string.</summary>
    public static string ReadRootValue(ref Utf8JsonReader reader, FieldPath path)
    {
        var root = ValidateRoot(ref reader, path);
        Span<char> chars = stackalloc char[RootLength];
        for (var i = 0; i < RootLength; i++)
        {
            chars[i] = (char)ToLower(root[i]);
        }

        return new string(chars);
    }

    /// <summary>
    /// Checks that the current token is a root and returns its bytes; no allocation unless the JSON escaped them (odd but
    /// legal) or the value is malformed.
    /// </summary>
    public static ReadOnlySpan<byte> ValidateRoot(ref Utf8JsonReader reader, FieldPath path)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new LeanBodyException($"{path}: expected a root (\"0x\" + 64 hex characters), got {Describe(ref reader)}");
        }

        var value = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty) : reader.ValueSpan;
        CheckRoot(value, path);
        return value;
    }

    /// <summary>ASCII case-insensitive comparison of raw root bytes with a normalized root string.</summary>
    public static bool RootEquals(ReadOnlySpan<byte> root, string normalized)
    {
        if (root.Length != normalized.Length)
        {
            return false;
        }

        for (var i = 0; i < root.Length; i++)
        {
            if (ToLower(root[i]) != normalized[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short description of the current token for an error message: <c>a string "41"</c>, <c>null</c>, …</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"a string \"{TextExcerpt.Sanitize(reader.GetString() ?? string.Empty, 40)}\"",
        JsonTokenType.Number => $"the number {Ascii(reader.ValueSpan)}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => reader.TokenType.ToString(),
    };

    public static LeanBodyException Missing(string? parent, string field) =>
        new(parent is null ? $"missing field \"{field}\"" : $"{parent}: missing field \"{field}\"");

    private static void CheckRoot(ReadOnlySpan<byte> value, FieldPath path)
    {
        var hasPrefix = value.Length >= 2 && value[0] == (byte)'0' && value[1] == (byte)'x';
        if (!hasPrefix)
        {
            var what = value.Length == 64 && IsHex(value)
                ? "64 hex characters without the \"0x\" prefix"
                : $"\"{Ascii(value)}\"";
            throw new LeanBodyException($"{path}: expected \"0x\" + 64 hex characters, got {what}");
        }

        if (value.Length != RootLength)
        {
            throw new LeanBodyException(
                $"{path}: expected \"0x\" + 64 hex characters, got \"0x\" + {value.Length - 2} characters");
        }

        for (var i = 2; i < value.Length; i++)
        {
            if (!IsHex(value[i]))
            {
                throw new LeanBodyException(
                    $"{path}: expected \"0x\" + 64 hex characters, got '{TextExcerpt.Sanitize(((char)value[i]).ToString(), 1)}' at position {i}");
            }
        }
    }

    private static bool IsHex(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (!IsHex(b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static byte ToLower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    private static string Ascii(ReadOnlySpan<byte> raw) => TextExcerpt.Sanitize(Encoding.UTF8.GetString(raw.Length > 80 ? raw[..80] : raw), 40);

    private static int FirstNonWhitespace(ReadOnlySpan<byte> body)
    {
        // A UTF-8 byte order mark is legal before JSON; the reader skips it too.
        var start = body.StartsWith("\uFEFF"u8) ? 3 : 0;
        for (var i = start; i < body.Length; i++)
        {
            if (body[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsHtml(string? mediaType) =>
        mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase);

    private static string NotJson(JsonException e, ReadOnlySpan<byte> body, string? mediaType)
    {
        // The reader's message ends in ". LineNumber: 0 | BytePositionInLine: 5."; restate the position for people.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut].TrimEnd('.', ' ');
        }

        var line = (e.LineNumber ?? 0) + 1;
        var position = e.BytePositionInLine ?? 0;
        var where = string.Create(CultureInfo.InvariantCulture, $"line {line}, byte {position}");
        return $"not JSON ({message}, at {where}): {TextExcerpt.FromBody(body, mediaType)}";
    }
}
