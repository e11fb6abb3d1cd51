using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Components.Pages;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Components.Pages;

public sealed class DashboardTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(DashboardSnapshots.Now);
    private readonly MonitorSnapshotStore _store = new(
        Options.Create(new CheckpointSyncOptions { StaleMs = 30_000 }), Options.Create(new ConsensusOptions()), NullLogger<MonitorSnapshotStore>.Instance);

    public DashboardTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton<IMonitorSnapshotSource>(_store);
    }

    private static string Version(IRenderedComponent<Dashboard> cut) => cut.Find(".dashboard").GetAttribute("data-snapshot-version")!;

    [Fact]
    public void Before_the_first_round_shows_the_loading_state()
    {
        var cut = Render<Dashboard>();

        Assert.Equal("0", Version(cut));
        Assert.Equal("Starting", cut.Find("h1").TextContent);
        Assert.Contains("Waiting for the first poll round", cut.Find("tr.empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Renders_the_current_snapshot_in_every_panel()
    {
        _store.Publish(DashboardSnapshots.Forked());

        var cut = Render<Dashboard>();

        Assert.Equal("7", Version(cut));
        Assert.Equal("Degraded", cut.Find("h1").TextContent);
        Assert.Equal("3 of 5", cut.Find("[data-checkpoint=finalized] .votes-count").TextContent);
        Assert.Equal(2, cut.FindAll("[data-fork-kind=finalized] li.fork").Count);
        Assert.Equal(5, cut.FindAll("tbody tr[data-upstream]").Count);
        Assert.NotNull(cut.Find("[role=meter]"));
    }

    [Fact]
    public async Task Updates_when_the_poller_publishes_from_another_thread()
    {
        _store.Publish(DashboardSnapshots.AllHealthy(4, version: 7, head: 120));
        var cut = Render<Dashboard>();

        await Task.Run(() => _store.Publish(DashboardSnapshots.AllHealthy(4, version: 8, head: 121)));

        cut.WaitForAssertion(() => Assert.Equal("8", Version(cut)), TimeSpan.FromSeconds(5));
        Assert.Equal("121", cut.Find("[data-checkpoint=head] .slot-number").TextContent);
        Assert.Equal("121", cut.Find("tbody tr[data-upstream='zeam_0'] .head-slot").TextContent);
    }

    [Fact]
    public async Task A_burst_of_publications_coalesces_into_one_render_of_the_latest()
    {
        _store.Publish(DashboardSnapshots.AllHealthy(4, version: 1));
        var cut = Render<Dashboard>();
        var rendersBefore = cut.RenderCount;

        // Hold the renderer busy while the poller publishes fifty snapshots, as a slow circuit would.
        using var gate = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        var busy = Task.Run(() => cut.InvokeAsync(() =>
        {
            entered.Set();
            gate.Wait(TimeSpan.FromSeconds(10));
        }));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(5)));
        for (var version = 2; version <= 51; version++)
        {
            _store.Publish(DashboardSnapshots.AllHealthy(4, version: version, head: 100 + version));
        }

        gate.Set();
        await busy;

        cut.WaitForAssertion(() => Assert.Equal("51", Version(cut)), TimeSpan.FromSeconds(5));
        Assert.Equal(rendersBefore + 1, cut.RenderCount);
        Assert.Equal("151", cut.Find("[data-checkpoint=head] .slot-number").TextContent);
    }

    [Fact]
    public void Relative_times_keep_ticking_from_the_injected_clock_without_a_new_snapshot()
    {
        _store.Publish(DashboardSnapshots.AllHealthy(4));
        var cut = Render<Dashboard>();
        Assert.Equal("1 s ago", cut.Find(".since-consensus").TextContent);

        _time.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Equal("6 s ago", cut.Find(".since-consensus").TextContent), TimeSpan.FromSeconds(5));
        Assert.Equal("7 s ago", cut.Find("tbody tr[data-upstream='zeam_0'] .last-success").TextContent.Trim());

        // Past the stale threshold the header turns Stale on its own, with no publication.
        _time.Advance(TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => Assert.Equal("Stale", cut.Find("h1").TextContent), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Shows_each_state_when_it_is_published()
    {
        var cut = Render<Dashboard>();

        _store.Publish(DashboardSnapshots.NoUpstreams());
        cut.WaitForAssertion(() => Assert.Contains("No upstreams are configured", cut.Find("tr.empty").TextContent, StringComparison.Ordinal));

        _store.Publish(DashboardSnapshots.Stale());
        cut.WaitForAssertion(() => Assert.Equal("Stale", cut.Find("h1").TextContent));

        _store.Publish(DashboardSnapshots.Abandoned() with { Version = 41 });
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-counter=abandoned]").TextContent.Trim()));

        _store.Publish(DashboardSnapshots.Thousand(version: 42));
        cut.WaitForAssertion(() => Assert.Equal("Showing 1000 of 1000", cut.Find(".row-count").TextContent));
    }

    [Fact]
    public async Task Unsubscribes_and_stops_ticking_when_disposed()
    {
        var source = new CountingSnapshotSource(DashboardSnapshots.AllHealthy(4));
        Services.AddSingleton<IMonitorSnapshotSource>(source);
        var cut = Render<Dashboard>();
        Assert.Equal(1, source.Subscribers);
        var renders = cut.RenderCount;

        await DisposeComponentsAsync();

        Assert.Equal(0, source.Subscribers);
        source.Raise(DashboardSnapshots.AllHealthy(4, version: 9));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(renders, cut.RenderCount);
    }

    [Fact]
    public void A_publication_racing_the_first_render_is_not_lost()
    {
        var source = new CountingSnapshotSource(DashboardSnapshots.AllHealthy(4, version: 3));
        source.OnFirstSubscribe = () => source.Current = DashboardSnapshots.AllHealthy(4, version: 4, head: 130);
        Services.AddSingleton<IMonitorSnapshotSource>(source);

        var cut = Render<Dashboard>();

        cut.WaitForAssertion(() => Assert.Equal("4", Version(cut)));
        Assert.Equal("130", cut.Find("[data-checkpoint=head] .slot-number").TextContent);
    }

    /// <summary>A source that counts its subscribers, to prove the page lets go of the poller.</summary>
    private sealed class CountingSnapshotSource(MonitorSnapshot current) : IMonitorSnapshotSource
    {
        private Action<MonitorSnapshot>? _handlers;

        public MonitorSnapshot Current { get; set; } = current;

        public int Subscribers => _handlers?.GetInvocationList().Length ?? 0;

        public Action? OnFirstSubscribe { get; set; }

        public event Action<MonitorSnapshot>? Published
        {
            add
            {
                _handlers += value;
                OnFirstSubscribe?.Invoke();
                OnFirstSubscribe = null;
            }
            remove => _handlers -= value;
        }

        public void Raise(MonitorSnapshot snapshot)
        {
            Current = snapshot;
            _handlers?.Invoke(snapshot);
        }
    }
}
