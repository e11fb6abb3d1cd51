using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>Each distinct finalized and head root, its upstreams and a colour swatch; the majority marked.</summary>
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

    private sealed record ForkList(string Key, string Title, IReadOnlyList<ForkGroup> Groups);
}
