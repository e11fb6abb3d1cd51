using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Snapshots;

/// <summary>Waits for observer lanes on a condition (their delivery counters), never on a fixed delay.</summary>
internal static class ObserverLanes
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task PublishAsync(MonitorSnapshotStore store, SnapshotObservers observers, MonitorSnapshot snapshot)
    {
        var before = observers.Lanes.Select(l => l.Delivered + l.Dropped).ToArray();
        store.Publish(snapshot);
        await UntilAsync(() => observers.Lanes.Select((l, i) => l.Delivered + l.Dropped > before[i]).All(done => done));
    }

    public static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Yield();
            await Task.Delay(1, timeout.Token);
        }
    }
}
