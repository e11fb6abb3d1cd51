namespace UpstreamMonitor.Snapshots;

/// <summary>How an upstream's latest poll ended. Serialized snake_case in the API (<c>in_flight</c>).</summary>
public enum UpstreamPollState
{
    /// <summary>Configured, not yet polled.</summary>
    Pending,

    /// <summary>Answered with a valid fork choice.</summary>
    Ok,

    /// <summary>Answered with an error, or could not be reached.</summary>
    Error,

    /// <summary>Did not answer in time (including <c>timeout (abandoned)</c> at the round deadline).</summary>
    Timeout,

    /// <summary>Not dispatched before the round deadline.</summary>
    Skipped,

    /// <summary>Its previous job is still running, so it was not dispatched again.</summary>
    InFlight,
}
