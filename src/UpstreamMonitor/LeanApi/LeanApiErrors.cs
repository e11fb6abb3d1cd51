using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Polly.Timeout;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// Turns what went wrong on the wire into the operator-facing <see cref="LeanApiError"/> messages listed in
/// the README section on the lean API client. Messages never contain credentials: requests are sent without user-info.
/// </summary>
internal static class LeanApiErrors
{
    public static LeanApiError Timeout(TimeSpan timeout, ExchangeProgress progress, Uri requestUri)
    {
        var ms = (long)timeout.TotalMilliseconds;
        var message = progress switch
        {
            { HeadersReceived: true } => $"timeout after {ms} ms reading the body ({ProgressText(progress)} received)",
            { Connecting: true } => $"timeout after {ms} ms connecting to {requestUri.IdnHost}:{requestUri.Port}",
            _ => $"timeout after {ms} ms waiting for the response",
        };
        return new LeanApiError(LeanApiErrorKind.Timeout, message);
    }

    /// <summary>Maps a failure that is not the caller's cancellation; null for exceptions that are bugs, not node faults.</summary>
    public static LeanApiError? FromException(Exception exception, Uri requestUri, TimeSpan timeout, ExchangeProgress progress) =>
        exception switch
        {
            TimeoutRejectedException or OperationCanceledException => Timeout(timeout, progress, requestUri),
            ResponseTooLargeException tooLarge => new LeanApiError(LeanApiErrorKind.TooLarge, tooLarge.Message),
            HttpRequestException request => FromHttpRequestException(request, requestUri),
            IOException io => FromBodyIOException(io, progress),
            _ => null,
        };

    public static LeanApiError Status(HttpResponseMessage response, string? excerpt)
    {
        var code = (int)response.StatusCode;
        var phrase = ReasonPhrases.GetReasonPhrase(code);
        var status = string.IsNullOrEmpty(phrase) ? $"HTTP {code}" : $"HTTP {code} {phrase}";
        string message;
        if (code is >= 300 and < 400)
        {
            var location = response.Headers.Location;
            message = location is null
                ? $"{status}: redirect not followed"
                : $"{status}: redirect to {DisplayLocation(location)} not followed";
        }
        else
        {
            message = string.IsNullOrEmpty(excerpt) ? status : $"{status}: {excerpt}";
        }

        return new LeanApiError(LeanApiErrorKind.HttpStatus, message, code);
    }

    /// <summary>
    /// An excerpt of an error body, when it is text: the <c>error</c>/<c>message</c> field of a JSON body, the title
    /// of an HTML page, else its first characters. Binary bodies give none.
    /// </summary>
    public static string? StatusExcerpt(ReadOnlySpan<byte> body, MediaTypeHeaderValue? contentType)
    {
        var mediaType = contentType?.MediaType;
        if (body.IsEmpty || (mediaType is not null && !IsText(mediaType)) || (mediaType is null && !StatePrefixParser.LooksLikeText(body)))
        {
            return null;
        }

        if (JsonErrorField(body) is { Length: > 0 } field)
        {
            return $"\"{TextExcerpt.Sanitize(field, LeanApiLimits.ErrorExcerptChars)}\"";
        }

        return TextExcerpt.FromBody(body, mediaType);
    }

    public static LeanApiError NotSsz(string? mediaType, ReadOnlySpan<byte> firstBytes)
    {
        var got = mediaType ?? "a body without Content-Type";
        var excerpt = firstBytes.IsEmpty ? string.Empty : $": {TextExcerpt.FromBody(firstBytes, mediaType)}";
        return new LeanApiError(LeanApiErrorKind.NotSsz, $"not SSZ: got {got} where application/octet-stream was expected{excerpt}");
    }

    /// <summary>Text types: what a node sends instead of SSZ when it errs or ignores the Accept header.</summary>
    public static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Contains("html", StringComparison.OrdinalIgnoreCase);

    private static LeanApiError FromHttpRequestException(HttpRequestException exception, Uri requestUri)
    {
        var endpoint = $"{requestUri.IdnHost}:{requestUri.Port}";
        var socket = Find<SocketException>(exception);
        var message = exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"host name {requestUri.IdnHost} does not resolve",
            HttpRequestError.SecureConnectionError => $"TLS handshake with {endpoint} failed: {TlsReason(exception)}",
            HttpRequestError.ResponseEnded => $"{endpoint} closed the connection before sending a complete response",
            HttpRequestError.InvalidResponse => $"{endpoint} did not answer with valid HTTP ({Inner(exception)})",
            HttpRequestError.ConfigurationLimitExceeded =>
                null, // handled below: header limit
            _ when socket is not null => SocketReason(socket, requestUri, endpoint),
            _ => $"{endpoint}: {Inner(exception)}",
        };

        return message is null
            ? new LeanApiError(LeanApiErrorKind.TooLarge, $"too large: response headers over the {LeanApiLimits.ResponseHeadersKiB} KiB limit")
            : new LeanApiError(LeanApiErrorKind.ConnectionFailed, $"connection failed: {message}");
    }

    private static string SocketReason(SocketException socket, Uri requestUri, string endpoint) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"connection refused by {endpoint}",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host name {requestUri.IdnHost} does not resolve",
        SocketError.ConnectionReset => $"connection reset by {endpoint}",
        SocketError.TimedOut => $"connecting to {endpoint} timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"no route to {endpoint}",
        _ => $"{endpoint}: {socket.SocketErrorCode} ({TextExcerpt.Sanitize(socket.Message, 80)})",
    };

    private static LeanApiError FromBodyIOException(IOException exception, ExchangeProgress progress)
    {
        var socket = Find<SocketException>(exception);
        var after = $"after {ProgressText(progress)} of the body";
        var message = socket?.SocketErrorCode switch
        {
            SocketError.ConnectionReset => $"connection reset by the node {after}",
            SocketError.ConnectionAborted => $"connection aborted {after}",
            _ when exception is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } =>
                $"the node closed the connection {after}",
            _ => $"reading the body failed {after}: {TextExcerpt.Sanitize(exception.Message, 80)}",
        };
        return new LeanApiError(LeanApiErrorKind.ConnectionFailed, $"connection failed: {message}");
    }

    private static string TlsReason(HttpRequestException exception)
    {
        var authentication = Find<AuthenticationException>(exception);
        var text = authentication?.Message ?? Inner(exception);
        if (text.Contains("RemoteCertificateChainErrors", StringComparison.Ordinal)
            || text.Contains("UntrustedRoot", StringComparison.Ordinal)
            || text.Contains("PartialChain", StringComparison.Ordinal))
        {
            return "the certificate is not trusted (self-signed or unknown issuer)";
        }

        if (text.Contains("NotTimeValid", StringComparison.Ordinal))
        {
            return "the certificate has expired or is not yet valid";
        }

        if (text.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal))
        {
            return "the certificate does not match the host name";
        }

        return TextExcerpt.Sanitize(text, 120);
    }

    private static string ProgressText(ExchangeProgress progress) =>
        progress.ContentLength is { } length
            ? string.Create(CultureInfo.InvariantCulture, $"{progress.BodyBytes} of {length} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{progress.BodyBytes} bytes");

    private static string DisplayLocation(Uri location)
    {
        var text = location.IsAbsoluteUri ? Upstreams.UrlRedaction.Mask(location) : location.OriginalString;
        return TextExcerpt.Sanitize(text, LeanApiLimits.ErrorExcerptChars);
    }

    private static string Inner(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return TextExcerpt.Sanitize(innermost.Message, 120);
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static string? JsonErrorField(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = LeanJson.CreateReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (LeanJson.NextProperty(ref reader))
            {
                var named = reader.ValueTextEquals("error"u8) || reader.ValueTextEquals("message"u8);
                reader.Read();
                if (named && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Truncated or not JSON: the raw excerpt will do.
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 in a string.
        }

        return null;
    }
}
