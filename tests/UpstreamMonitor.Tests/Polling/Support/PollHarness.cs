using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Polling.Support;

/// <summary>A poll engine wired to a fake clock, a scripted client and an editable upstream source.</summary>
internal sealed class PollHarness
{
    public PollHarness(PollingOptions options, params string[] upstreams)
        : this(options, null, upstreams)
    {
    }

    public PollHarness(PollingOptions options, IUpstreamSource source)
        : this(options, null, source)
    {
    }

    public PollHarness(PollingOptions options, ILeanApiClient? client, params string[] upstreams)
        : this(options, client, new FakeUpstreamSource(upstreams))
    {
    }

    public PollHarness(PollingOptions options, ILeanApiClient? client, IUpstreamSource source)
    {
        Options = options;
        Client = new ScriptedLeanApiClient(Time);
        UpstreamSource = source;
        var monitor = new StaticOptionsMonitor<PollingOptions>(options);
        Monitor = monitor;
        Store = new MonitorSnapshotStore(
            Microsoft.Extensions.Options.Options.Create(CheckpointSync), Microsoft.Extensions.Options.Options.Create(Consensus),
            NullLogger<MonitorSnapshotStore>.Instance);
        Store.Published += s => Published.Add(s);
        Engine = new PollEngine(
            new UpstreamPollJob(client ?? Client, Time),
            source,
            monitor,
            new StaticOptionsMonitor<ConsensusOptions>(Consensus),
            new StaticOptionsMonitor<CheckpointSyncOptions>(CheckpointSync),
            Store,
            new UpstreamRegistry(RegistryLog),
            Rule,
            new MonitorStatusTracker(Rule, StatusLog),
            Time,
            EngineLog);
    }

    public IConsensusRule Rule { get; } = new DefaultConsensusRule();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public PollingOptions Options { get; }

    public IOptionsMonitor<PollingOptions> Monitor { get; }

    public ConsensusOptions Consensus { get; } = new();

    public CheckpointSyncOptions CheckpointSync { get; } = new();

    public ScriptedLeanApiClient Client { get; }

    public IUpstreamSource UpstreamSource { get; }

    /// <summary>The editable fake source (when the harness was built with upstream names).</summary>
    public FakeUpstreamSource Source => (FakeUpstreamSource)UpstreamSource;

    public MonitorSnapshotStore Store { get; }

    public PollEngine Engine { get; }

    public List<MonitorSnapshot> Published { get; } = [];

    public ListLogger<UpstreamRegistry> RegistryLog { get; } = new();

    public ListLogger<MonitorStatusTracker> StatusLog { get; } = new();

    public ListLogger<PollEngine> EngineLog { get; } = new();

    public MonitorSnapshot Current => Store.Current;

    public UpstreamStatus Row(string name) => Current.Upstreams.Single(u => u.Name == name);

    /// <summary>Waits (real time, bounded) for work the fake clock released on pool threads to catch up.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("Condition not reached: " + what);
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Advances the fake clock step by step until the round task finishes (bounded by <paramref name="limit"/>).</summary>
    public async Task<T> Drive<T>(Task<T> round, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        while (!round.IsCompleted)
        {
            await Settle();
            if (round.IsCompleted)
            {
                break;
            }

            if (advanced >= limit)
            {
                throw new TimeoutException($"Round still running after {limit} of fake time.");
            }

            Time.Advance(step);
            advanced += step;
        }

        return await round;
    }

    /// <summary>Gives pool-thread continuations a moment to run before the clock moves again.</summary>
    public static async Task Settle()
    {
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(1);
        }
    }

    private sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
