namespace UpstreamMonitor.LeanApi;

/// <summary>What went wrong talking to a lean node, in a form an operator can act on.</summary>
public enum LeanApiErrorKind
{
    /// <summary>No answer within the request timeout.</summary>
    Timeout,

    /// <summary>DNS, refused or reset connection, TLS failure.</summary>
    ConnectionFailed,

    /// <summary>A non-success HTTP status (404, 500 and 503 all mean "not available").</summary>
    HttpStatus,

    /// <summary>The body did not have the expected shape; the message names the field and the problem.</summary>
    InvalidBody,

    /// <summary>The body exceeded the size limit.</summary>
    TooLarge,

    /// <summary>Text (JSON, HTML) arrived where SSZ was expected.</summary>
    NotSsz,
}

/// <summary>A typed, human-readable failure; <see cref="Message"/> becomes the upstream's <c>last_error</c>.</summary>
public sealed record LeanApiError(LeanApiErrorKind Kind, string Message, int? StatusCode = null)
{
    public override string ToString() => Message;
}
