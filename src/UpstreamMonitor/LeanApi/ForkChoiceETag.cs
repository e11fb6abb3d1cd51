namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The entity tag of a fork-choice response, kept per upstream only when it is a short valid one (decision 1230): a
/// node cannot make the monitor hold or resend an arbitrary header.
/// </summary>
internal static class ForkChoiceETag
{
    /// <summary>The longest tag kept, quotes and weak prefix included; a hash-based tag is far shorter.</summary>
    public const int MaxLength = 128;

    /// <summary>The response's one <c>ETag</c> when it is valid and short; otherwise null (the next request is unconditional).</summary>
    public static string? Read(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.NonValidated.TryGetValues("ETag", out var values) || values.Count != 1)
        {
            return null;
        }

        var value = values.ToString();
        return IsValid(value) ? value : null;
    }

    /// <summary>
    /// RFC 9110 <c>entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE</c>, restricted to visible ASCII (no obs-text) and
    /// <see cref="MaxLength"/> characters.
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length > MaxLength)
        {
            return false;
        }

        var opaque = value.StartsWith("W/", StringComparison.Ordinal) ? value.AsSpan(2) : value.AsSpan();
        if (opaque.Length < 2 || opaque[0] != '"' || opaque[^1] != '"')
        {
            return false;
        }

        foreach (var c in opaque[1..^1])
        {
            // etagc: %x21 / %x23-7E (a visible character other than the double quote).
            if (c is < '!' or > '~' or '"')
            {
                return false;
            }
        }

        return true;
    }
}
