using Microsoft.AspNetCore.Components;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.LeanApi;
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
            var published = Snapshot.Status.Chain;
            yield return new("finalized", "Finalized", consensus.Finalized, published.Finalized);
            yield return new("justified", "Justified", consensus.Justified, published.Justified);
            yield return new("head", "Head", consensus.Head, published.Head);
        }
    }

    /// <summary>This round's majority, or else the last published consensus value for context.</summary>
    private sealed record CheckpointRow(string Key, string Label, CheckpointVote? Vote, ObservedCheckpoint Last)
    {
        public long? LastSlot => Last.Slot;

        public string? LastRoot => Last.Root;
    }
}
