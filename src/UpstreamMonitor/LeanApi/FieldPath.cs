namespace UpstreamMonitor.LeanApi;

/// <summary>Where a JSON value sits (<c>finalized.slot</c>, <c>nodes[3].root</c>); rendered only when an error needs it.</summary>
internal readonly record struct FieldPath(string? Parent, int Index, string Name)
{
    public static FieldPath Top(string name) => new(null, -1, name);

    public static FieldPath In(string parent, string name) => new(parent, -1, name);

    public override string ToString() => (Parent, Index) switch
    {
        (null, _) => Name,
        (_, < 0) => $"{Parent}.{Name}",
        _ => $"{Parent}[{Index}].{Name}",
    };
}
