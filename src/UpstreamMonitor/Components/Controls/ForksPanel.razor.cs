using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>
/// Each distinct finalized and head root, its upstreams and a lettered swatch; the majority marked, and each other root
/// named by the consensus rule's one classification: a fork, or behind or ahead on the majority's chain.
/// </summary>
public sealed partial class ForksPanel : ComponentBase
{
    /// <summary>A group of a thousand names is not readable; the table's filter finds the rest.</summary>
    public const int MaxNamesShown = 12;

    [Parameter, EditorRequired]
    public ConsensusView Consensus { get; set; } = default!;

    private IEnumerable<ForkList> Lists
    {
        get
        {
            yield return new("finalized", "Finalized roots", Consensus.FinalizedForks);
            yield return new("head", "Head roots", Consensus.HeadForks);
        }
    }

    /// <summary>The group's role from the consensus rule's standing: only a fork is painted as one.</summary>
    internal static GroupRole RoleOf(ForkGroup group) => group switch
    {
        { IsMajority: true } => new("majority", "majority", "★ majority", false),
        { Standing: ConsensusStanding.Fork } => new("fork", "minority", "fork", true),
        { Standing: ConsensusStanding.Behind } => new("behind", "same-chain", "behind, same chain", false),
        { Standing: ConsensusStanding.Ahead } => new("ahead", "same-chain", "ahead, same chain", false),
        { Standing: ConsensusStanding.OtherNetwork } => new("other-network", "other", "other network", false),
        _ => new("unknown", "other", "other root", false),
    };

    internal sealed record GroupRole(string Key, string CssClass, string Label, bool Warn);

    private sealed record ForkList(string Key, string Title, IReadOnlyList<ForkGroup> Groups);
}
