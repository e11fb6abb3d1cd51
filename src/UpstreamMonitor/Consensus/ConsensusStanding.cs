namespace UpstreamMonitor.Consensus;

/// <summary>
/// Where one upstream stands against the consensus, decided once per snapshot by <see cref="IConsensusRule"/> so the
/// dashboard, the API and checkpoint sync all read the same answer.
/// </summary>
public enum ConsensusStanding
{
    /// <summary>No finalized consensus to compare with, or the upstream reported no finalized checkpoint.</summary>
    Unknown,

    /// <summary>Polled this round and on the published consensus finalized checkpoint.</summary>
    InConsensus,

    /// <summary>
    /// Finalized an older checkpoint than the consensus one and, where its fork choice shows it, on the majority's
    /// chain: catching up, not forked.
    /// </summary>
    Behind,

    /// <summary>
    /// On another branch than the majority: its finalized or head block is not on the majority's chain (where the
    /// fork-choice ancestry shows it), or, without ancestry, a finalized root other than the consensus one at the same or
    /// a later slot.
    /// </summary>
    Fork,

    /// <summary>Finalized a later checkpoint than the consensus one, on the majority's chain: ahead, not forked.</summary>
    Ahead,

    /// <summary>
    /// Reports another <c>genesis_time</c> than the majority's: a node of another network (a reset, a wrong port), not a
    /// fork of this one. It does not vote and is in no fork group's majority (decision 0904).
    /// </summary>
    OtherNetwork,
}
