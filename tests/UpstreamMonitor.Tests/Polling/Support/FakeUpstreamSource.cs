using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Polling.Support;

/// <summary>An upstream source the test edits between rounds (hot reload) or makes throw (a broken file).</summary>
internal sealed class FakeUpstreamSource : IUpstreamSource
{
    private volatile UpstreamSet _current;

    public FakeUpstreamSource(params string[] names) => _current = Set(names);

    public Exception? Failure { get; set; }

    public int Reads { get; private set; }

    public static UpstreamSet Set(params string[] names) =>
        new([.. names.Select(n => UpstreamDefinition.Create(n, new Uri($"http://127.0.0.1:5052/{n}/")))], "test");

    public void Replace(params string[] names) => _current = Set(names);

    public void Replace(UpstreamSet set) => _current = set;

    public ValueTask<UpstreamSet> GetCurrentAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Failure is { } failure ? ValueTask.FromException<UpstreamSet>(failure) : ValueTask.FromResult(_current);
    }
}
