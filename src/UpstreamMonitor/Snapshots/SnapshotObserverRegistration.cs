namespace UpstreamMonitor.Snapshots;

/// <summary>One registered observer: the service to resolve and its lane's capacity.</summary>
internal sealed record SnapshotObserverRegistration(Type ObserverType, int Capacity)
{
    public string Name => ObserverType.Name;
}
