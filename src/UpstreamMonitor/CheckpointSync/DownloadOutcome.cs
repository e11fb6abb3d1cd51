namespace UpstreamMonitor.CheckpointSync;

/// <summary>How one download pass for a target checkpoint ended.</summary>
public enum DownloadOutcome
{
    /// <summary>No consensus target, or the cache already holds it.</summary>
    NothingToDo,

    /// <summary>A majority upstream's state validated and is now served.</summary>
    Cached,

    /// <summary>An upstream served a newer state: finalization moved on, so the pass stopped to retarget.</summary>
    MovedOn,

    /// <summary>Every majority upstream failed or served an invalid state.</summary>
    AllFailed,
}
