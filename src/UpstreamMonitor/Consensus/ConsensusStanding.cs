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

    /// <summary>Finalized an older checkpoint than the consensus one: catching up, not necessarily forked.</summary>
    Behind,

    /// <summary>On a finalized root other than the consensus one at the same or a later slot: a minority fork.</summary>
    Fork,
}
