using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Model;

/// <summary>The orders columns sort by. Unknown values sort last in both directions: an operator sorting by lag wants real numbers first.</summary>
internal static class UpstreamOrders
{
    public static UpstreamOrder Text(Func<UpstreamStatus, string> key) =>
        (a, b, descending) => Directed(NaturalOrder.Compare(key(a), key(b)), descending);

    public static UpstreamOrder NullsLast<T>(Func<UpstreamStatus, T?> key)
        where T : struct, IComparable<T> =>
        (a, b, descending) => (key(a), key(b)) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (x, y) => Directed(x!.Value.CompareTo(y!.Value), descending),
        };

    public static UpstreamOrder OrdinalNullsLast(Func<UpstreamStatus, string?> key) =>
        (a, b, descending) => (key(a), key(b)) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (x, y) => Directed(string.CompareOrdinal(x, y), descending),
        };

    public static UpstreamOrder By(Comparison<UpstreamStatus> ascending) =>
        (a, b, descending) => Directed(ascending(a, b), descending);

    /// <summary>Ascending status order: healthy first, errors last.</summary>
    public static int Severity(UpstreamPollState state) => state switch
    {
        UpstreamPollState.Ok => 0,
        UpstreamPollState.Pending => 1,
        UpstreamPollState.Skipped => 2,
        UpstreamPollState.InFlight => 3,
        UpstreamPollState.Timeout => 4,
        _ => 5,
    };

    private static int Directed(int order, bool descending) => descending ? -order : order;
}
