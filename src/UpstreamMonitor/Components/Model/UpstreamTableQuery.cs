using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Model;

/// <summary>
/// What the operator asked the table to show: filter, status, sort and pinning. Applying it is a pure function of the
/// snapshot's rows, so it is tested without rendering.
/// </summary>
internal sealed record UpstreamTableQuery
{
    public string Text { get; init; } = string.Empty;

    public UpstreamStatusFilter Status { get; init; } = UpstreamStatusFilter.All;

    /// <summary>Null keeps the configured order.</summary>
    public UpstreamColumn? SortBy { get; init; }

    public bool Descending { get; init; }

    public bool PinFailing { get; init; }

    public List<UpstreamStatus> Apply(IReadOnlyList<UpstreamStatus> upstreams)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        var text = Text.Trim();
        var rows = new List<(UpstreamStatus Row, int Index)>(upstreams.Count);
        for (var i = 0; i < upstreams.Count; i++)
        {
            var upstream = upstreams[i];
            if (MatchesStatus(upstream) && MatchesText(upstream, text))
            {
                rows.Add((upstream, i));
            }
        }

        rows.Sort((a, b) =>
        {
            if (PinFailing)
            {
                var pinned = UpstreamPresentation.IsFailing(b.Row).CompareTo(UpstreamPresentation.IsFailing(a.Row));
                if (pinned != 0)
                {
                    return pinned;
                }
            }

            if (SortBy is { } column && UpstreamTableColumns.Of(column).Order is { } by)
            {
                var order = by(a.Row, b.Row, Descending);
                if (order != 0)
                {
                    return order;
                }
            }

            // Ties keep the configured order, so rows do not jump around between rounds.
            return a.Index.CompareTo(b.Index);
        });

        return rows.ConvertAll(r => r.Row);
    }

    private bool MatchesStatus(UpstreamStatus upstream) => Status switch
    {
        UpstreamStatusFilter.All => true,
        UpstreamStatusFilter.Failing => UpstreamPresentation.IsFailing(upstream),
        UpstreamStatusFilter.Healthy => upstream.State == UpstreamPollState.Ok,
        UpstreamStatusFilter.Error => upstream.State == UpstreamPollState.Error,
        UpstreamStatusFilter.Timeout => upstream.State == UpstreamPollState.Timeout,
        UpstreamStatusFilter.Skipped => upstream.State == UpstreamPollState.Skipped,
        UpstreamStatusFilter.InFlight => upstream.State == UpstreamPollState.InFlight,
        UpstreamStatusFilter.Pending => upstream.State == UpstreamPollState.Pending,
        UpstreamStatusFilter.Behind => UpstreamPresentation.Lag(upstream.LagSlots) >= LagBand.Behind,
        UpstreamStatusFilter.OffConsensus => upstream.Standing == ConsensusStanding.Fork,
        _ => true,
    };

    private static bool MatchesText(UpstreamStatus upstream, string text) =>
        text.Length == 0
        || upstream.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
        || upstream.Client.Contains(text, StringComparison.OrdinalIgnoreCase)
        || upstream.DisplayUrl.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (upstream.LastError?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);
}
