using UpstreamMonitor.Components.Model;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Model;

public sealed class UpstreamTableQueryTests
{
    private static List<string> Names(IEnumerable<UpstreamStatus> rows) => rows.Select(r => r.Name).ToList();

    [Fact]
    public void Default_query_keeps_the_configured_order()
    {
        var snapshot = DashboardSnapshots.Abandoned();

        var rows = new UpstreamTableQuery().Apply(snapshot.Upstreams);

        Assert.Equal(Names(snapshot.Upstreams), Names(rows));
    }

    [Fact]
    public void Names_sort_naturally()
    {
        var snapshot = DashboardSnapshots.Thousand();

        var rows = new UpstreamTableQuery { SortBy = UpstreamColumn.Name, Descending = true }.Apply(snapshot.Upstreams);

        Assert.Equal(["node_999", "node_998", "node_997"], Names(rows.Take(3)));
        Assert.Equal("node_0", rows[^1].Name);
    }

    [Fact]
    public void Unknown_values_sort_last_in_both_directions()
    {
        var snapshot = DashboardSnapshots.Stale();

        var ascending = new UpstreamTableQuery { SortBy = UpstreamColumn.Head }.Apply(snapshot.Upstreams);
        var descending = new UpstreamTableQuery { SortBy = UpstreamColumn.Head, Descending = true }.Apply(snapshot.Upstreams);

        Assert.Equal("qlean_2", ascending[0].Name);
        Assert.Equal("qlean_2", descending[0].Name);
        Assert.Null(ascending[^1].Chain.Head.Slot);
    }

    [Theory]
    [InlineData(nameof(UpstreamColumn.Client))]
    [InlineData(nameof(UpstreamColumn.Status))]
    [InlineData(nameof(UpstreamColumn.Head))]
    [InlineData(nameof(UpstreamColumn.Lag))]
    [InlineData(nameof(UpstreamColumn.Justified))]
    [InlineData(nameof(UpstreamColumn.Finalized))]
    [InlineData(nameof(UpstreamColumn.Latency))]
    [InlineData(nameof(UpstreamColumn.Aggregator))]
    [InlineData(nameof(UpstreamColumn.Errors))]
    [InlineData(nameof(UpstreamColumn.LastError))]
    [InlineData(nameof(UpstreamColumn.LastSuccess))]
    public void Every_column_sorts_both_ways_with_unknown_values_last(string columnName)
    {
        var column = Enum.Parse<UpstreamColumn>(columnName);
        var rows = VariedRows();
        var snapshot = DashboardSnapshots.WithConsensus(rows, 5, 130);
        var key = SortKey(column);

        var ascending = new UpstreamTableQuery { SortBy = column }.Apply(snapshot.Upstreams);
        var descending = new UpstreamTableQuery { SortBy = column, Descending = true }.Apply(snapshot.Upstreams);

        Assert.Equal(rows.Count, ascending.Count);
        AssertOrdered(ascending.Select(key).ToList(), descending: false);
        AssertOrdered(descending.Select(key).ToList(), descending: true);
    }

    private static void AssertOrdered(List<IComparable?> keys, bool descending)
    {
        var known = keys.TakeWhile(k => k is not null).ToList();
        Assert.All(keys.Skip(known.Count), k => Assert.Null(k));
        Assert.True(known.Count > 1);
        for (var i = 1; i < known.Count; i++)
        {
            var order = known[i - 1]!.CompareTo(known[i]);
            Assert.True(descending ? order >= 0 : order <= 0, $"{known[i - 1]} then {known[i]} at {i}");
        }

        Assert.NotEqual(known[0], known[^1]);
    }

    private static Func<UpstreamStatus, IComparable?> SortKey(UpstreamColumn column) => column switch
    {
        UpstreamColumn.Client => u => u.Client,
        UpstreamColumn.Status => u => u.State switch
        {
            UpstreamPollState.Ok => 0,
            UpstreamPollState.Pending => 1,
            UpstreamPollState.Skipped => 2,
            UpstreamPollState.InFlight => 3,
            UpstreamPollState.Timeout => 4,
            _ => 5,
        },
        UpstreamColumn.Head => u => u.Chain.Head.Slot,
        UpstreamColumn.Lag => u => u.LagSlots,
        UpstreamColumn.Justified => u => u.Chain.Justified.Slot,
        UpstreamColumn.Finalized => u => u.Chain.Finalized.Slot,
        UpstreamColumn.Latency => u => u.Latency,
        UpstreamColumn.Aggregator => u => u.IsAggregator,
        UpstreamColumn.Errors => u => u.ErrorCount * 1000 + u.ErrorsTotal,
        UpstreamColumn.LastError => u => u.LastError is null ? null : new OrdinalText(u.LastError),
        UpstreamColumn.LastSuccess => u => u.LastSuccess,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    /// <summary>Twenty rows that differ in every column, some with unknown values.</summary>
    private static List<UpstreamStatus> VariedRows()
    {
        string[] clients = ["zeam", "ream", "qlean", "lantern", "grandine"];
        UpstreamPollState[] states = [UpstreamPollState.Ok, UpstreamPollState.Error, UpstreamPollState.Timeout, UpstreamPollState.Skipped, UpstreamPollState.InFlight, UpstreamPollState.Pending];
        return Enumerable.Range(0, 20).Select(i =>
        {
            var unknown = i % 6 == 5;
            return DashboardSnapshots.Healthy($"{clients[i % clients.Length]}_{i}", 100 + (i * 7 % 13), lag: unknown ? null : i * 5 % 9, port: 9000 + i) with
            {
                State = states[i % states.Length],
                Chain = new ChainCheckpoints(
                    new ObservedCheckpoint(unknown ? null : 100 + (i * 7 % 13), null),
                    new ObservedCheckpoint(unknown ? null : 90 + (i % 5), null),
                    new ObservedCheckpoint(unknown ? null : 80 + (i % 3), null)),
                Latency = unknown ? null : TimeSpan.FromMilliseconds(i * 37 % 50),
                IsAggregator = (i % 3) switch { 0 => true, 1 => false, _ => null },
                ErrorCount = i % 4,
                ErrorsTotal = i,
                LastError = i % 2 == 0 ? null : $"error {(char)('a' + (i * 3 % 7))}",
                LastSuccess = unknown ? null : DashboardSnapshots.Now.AddSeconds(-(i * 13 % 20)),
            };
        }).ToList();
    }

    /// <summary>Last errors sort by ordinal text, like the table.</summary>
    private sealed record OrdinalText(string Value) : IComparable
    {
        public int CompareTo(object? obj) => string.CompareOrdinal(Value, (obj as OrdinalText)?.Value);

        public override string ToString() => Value;
    }

    [Fact]
    public void Lag_sort_puts_the_furthest_behind_first_when_descending()
    {
        var snapshot = DashboardSnapshots.Thousand();

        var rows = new UpstreamTableQuery { SortBy = UpstreamColumn.Lag, Descending = true }.Apply(snapshot.Upstreams);

        Assert.Equal(3, rows[0].LagSlots);
        Assert.Null(rows[^1].LagSlots);
    }

    [Fact]
    public void Behind_and_off_consensus_filters()
    {
        var forked = DashboardSnapshots.Forked();
        var thousand = DashboardSnapshots.Thousand();

        Assert.Equal(["lantern_3", "grandine_4"], Names(new UpstreamTableQuery { Status = UpstreamStatusFilter.OffConsensus }.Apply(forked.Upstreams)));
        Assert.All(new UpstreamTableQuery { Status = UpstreamStatusFilter.Behind }.Apply(thousand.Upstreams), r => Assert.Equal(3, r.LagSlots));
    }

    [Fact]
    public void Pinning_combines_with_sorting_and_filtering()
    {
        var snapshot = DashboardSnapshots.Thousand();

        var rows = new UpstreamTableQuery { Text = "node_9", PinFailing = true, SortBy = UpstreamColumn.Name }.Apply(snapshot.Upstreams);

        Assert.All(rows, r => Assert.StartsWith("node_9", r.Name, StringComparison.Ordinal));
        var firstHealthy = rows.FindIndex(r => r.State == UpstreamPollState.Ok);
        Assert.True(firstHealthy > 0);
        Assert.All(rows.Take(firstHealthy), r => Assert.True(UpstreamPresentation.IsFailing(r)));
        Assert.All(rows.Skip(firstHealthy), r => Assert.False(UpstreamPresentation.IsFailing(r)));
        // node_9 itself fails (every tenth node does), so the first healthy one by name is node_90.
        Assert.Equal("node_90", rows[firstHealthy].Name);
    }
}
