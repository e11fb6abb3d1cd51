using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>
/// What the operator asked the table to show: filter, status, sort and pinning. Applying it is a pure function of the
/// snapshot's rows, so it is tested without rendering.
/// </summary>
public sealed record UpstreamTableQuery
{
    public string Text { get; init; } = string.Empty;

    public UpstreamStatusFilter Status { get; init; } = UpstreamStatusFilter.All;

    /// <summary>Null keeps the configured order.</summary>
    public UpstreamColumn? SortBy { get; init; }

    public bool Descending { get; init; }

    public bool PinFailing { get; init; }

    public List<UpstreamStatus> Apply(IReadOnlyList<UpstreamStatus> upstreams, ConsensusView consensus)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        ArgumentNullException.ThrowIfNull(consensus);
        var text = Text.Trim();
        var rows = new List<(UpstreamStatus Row, int Index)>(upstreams.Count);
        for (var i = 0; i < upstreams.Count; i++)
        {
            var upstream = upstreams[i];
            if (MatchesStatus(upstream, consensus) && MatchesText(upstream, text))
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

            if (SortBy is { } column)
            {
                var order = Compare(column, a.Row, b.Row, Descending);
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

    private bool MatchesStatus(UpstreamStatus upstream, ConsensusView consensus) => Status switch
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
        UpstreamStatusFilter.OffConsensus => UpstreamPresentation.IsOffConsensus(upstream, consensus),
        _ => true,
    };

    private static bool MatchesText(UpstreamStatus upstream, string text) =>
        text.Length == 0
        || upstream.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
        || upstream.Client.Contains(text, StringComparison.OrdinalIgnoreCase)
        || upstream.DisplayUrl.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (upstream.LastError?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);

    private static int Compare(UpstreamColumn column, UpstreamStatus a, UpstreamStatus b, bool descending)
    {
        // Unknown values sort last in both directions: an operator sorting by lag wants real numbers first.
        return column switch
        {
            UpstreamColumn.Name => Directed(NaturalOrder.Compare(a.Name, b.Name), descending),
            UpstreamColumn.Client => Directed(NaturalOrder.Compare(a.Client, b.Client), descending),
            UpstreamColumn.Status => Directed(Severity(a.State).CompareTo(Severity(b.State)), descending),
            UpstreamColumn.Head => NullsLast(a.HeadSlot, b.HeadSlot, descending),
            UpstreamColumn.Lag => NullsLast(a.LagSlots, b.LagSlots, descending),
            UpstreamColumn.Justified => NullsLast(a.JustifiedSlot, b.JustifiedSlot, descending),
            UpstreamColumn.Finalized => NullsLast(a.FinalizedSlot, b.FinalizedSlot, descending),
            UpstreamColumn.Latency => NullsLast(a.Latency, b.Latency, descending),
            UpstreamColumn.Aggregator => NullsLast(a.IsAggregator, b.IsAggregator, descending),
            UpstreamColumn.Errors => Directed(
                a.ErrorCount != b.ErrorCount ? a.ErrorCount.CompareTo(b.ErrorCount) : a.ErrorsTotal.CompareTo(b.ErrorsTotal),
                descending),
            UpstreamColumn.LastError => NullsLast(a.LastError, b.LastError, descending, StringComparer.Ordinal),
            UpstreamColumn.LastSuccess => NullsLast(a.LastSuccess, b.LastSuccess, descending),
            _ => 0,
        };
    }

    /// <summary>Ascending status order: healthy first, errors last.</summary>
    private static int Severity(UpstreamPollState state) => state switch
    {
        UpstreamPollState.Ok => 0,
        UpstreamPollState.Pending => 1,
        UpstreamPollState.Skipped => 2,
        UpstreamPollState.InFlight => 3,
        UpstreamPollState.Timeout => 4,
        _ => 5,
    };

    private static int Directed(int order, bool descending) => descending ? -order : order;

    private static int NullsLast<T>(T? a, T? b, bool descending)
        where T : struct, IComparable<T> =>
        (a, b) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => Directed(a.Value.CompareTo(b.Value), descending),
        };

    private static int NullsLast(string? a, string? b, bool descending, StringComparer comparer) =>
        (a, b) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => Directed(comparer.Compare(a, b), descending),
        };
}
