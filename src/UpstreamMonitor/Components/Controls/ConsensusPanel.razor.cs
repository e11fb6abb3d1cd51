using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>Finalized, justified and head: slot, short root (full on hover, copyable) and votes "x of n".</summary>
public sealed partial class ConsensusPanel : ComponentBase
{
    [Parameter, EditorRequired]
    public MonitorSnapshot Snapshot { get; set; } = default!;

    private IEnumerable<CheckpointRow> Rows
    {
        get
        {
            var consensus = Snapshot.Consensus;
            var status = Snapshot.Status;
            yield return new("finalized", "Finalized", consensus.Finalized, status.FinalizedSlot, status.FinalizedRoot);
            yield return new("justified", "Justified", consensus.Justified, status.JustifiedSlot, status.JustifiedRoot);
            yield return new("head", "Head", consensus.Head, status.HeadSlot, status.HeadRoot);
        }
    }

    /// <summary>This round's majority, or else the last published consensus value for context.</summary>
    private sealed record CheckpointRow(string Key, string Label, CheckpointVote? Vote, long? LastSlot, string? LastRoot);
}
