namespace UpstreamMonitor.CheckpointSync;

/// <summary>How state downloads ended, by result; read by the metrics at scrape time.</summary>
public sealed class CheckpointSyncStatistics
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string TooLarge = "too_large";
    public const string Invalid = "invalid";
    public const string MovedOn = "moved_on";

    /// <summary>Well-formed SSZ that does not hash to a root the consensus vouches for, or a block of another state.</summary>
    public const string Mismatch = "mismatch";

    /// <summary>Every result label, so each series exists from the start.</summary>
    public static IReadOnlyList<string> Results { get; } = [Ok, Failed, TooLarge, Invalid, MovedOn, Mismatch];

    private long _ok;
    private long _failed;
    private long _tooLarge;
    private long _invalid;
    private long _movedOn;
    private long _mismatch;

    public long Count(string result) => result switch
    {
        Ok => Interlocked.Read(ref _ok),
        Failed => Interlocked.Read(ref _failed),
        TooLarge => Interlocked.Read(ref _tooLarge),
        Invalid => Interlocked.Read(ref _invalid),
        MovedOn => Interlocked.Read(ref _movedOn),
        Mismatch => Interlocked.Read(ref _mismatch),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "unknown download result"),
    };

    public void Record(string result)
    {
        switch (result)
        {
            case Ok: Interlocked.Increment(ref _ok); break;
            case Failed: Interlocked.Increment(ref _failed); break;
            case TooLarge: Interlocked.Increment(ref _tooLarge); break;
            case Invalid: Interlocked.Increment(ref _invalid); break;
            case MovedOn: Interlocked.Increment(ref _movedOn); break;
            case Mismatch: Interlocked.Increment(ref _mismatch); break;
            default: throw new ArgumentOutOfRangeException(nameof(result), result, "unknown download result");
        }
    }
}
