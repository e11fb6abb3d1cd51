namespace UpstreamMonitor.Benchmarks.Driver;

/// <summary>What every scenario gets: the mode, the clock and a log.</summary>
internal sealed class ScenarioContext(bool smoke, TimeProvider timeProvider, TextWriter log)
{
    /// <summary>Tiny N and a few rounds: proves the scenario runs; its figures mean nothing.</summary>
    public bool Smoke { get; } = smoke;

    public TimeProvider Time { get; } = timeProvider;

    public TextWriter Log { get; } = log;

    /// <summary>Picks the smoke or the full value of a parameter.</summary>
    public T Pick<T>(T smoke, T full) => Smoke ? smoke : full;

    public void Info(string message) => Log.WriteLine($"[{Time.GetUtcNow():HH:mm:ss}] {message}");
}
