using Microsoft.AspNetCore.Components;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>
/// Finalized, justified and head: slot, short root (full on hover, copyable) and votes "x of n"; under finalized,
/// whether finality moved back (decision 0903) and the verified checkpoint the checkpoint-sync routes serve, so the
/// two can never silently disagree.
/// </summary>
public sealed partial class ConsensusPanel : ComponentBase
{
    [Parameter, EditorRequired]
    public MonitorSnapshot Snapshot { get; set; } = default!;

    // Optional: a dashboard host without checkpoint sync (some component tests) simply shows none.
    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    // Resolved once: a render that races host shutdown must not ask a disposed provider.
    private IFinalizedStateCache? _stateCache;

    private ServingCheckpoint? Serving => _stateCache?.Serving;

    /// <summary>
    /// The served pair is the consensus finalized one, or one the consensus has not reached yet (it is ahead). After
    /// finality moved back a pair vouched for before the step back is not ahead but of the view the majority left.
    /// </summary>
    private bool ServingAgrees => Serving is { } serving && Snapshot.Status.Chain.Finalized is { Slot: { } slot } finalized
        && ((serving.Slot == slot && serving.Root == finalized.Root)
            || (serving.Slot > slot && !serving.IsOfLeftView(Snapshot.Status.Regression)));

    protected override void OnInitialized() => _stateCache = Services.GetService<IFinalizedStateCache>();

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
