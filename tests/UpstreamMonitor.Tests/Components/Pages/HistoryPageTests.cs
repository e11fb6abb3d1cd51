using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Components.Pages;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.History;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Tests.History.Support;
using UpstreamMonitor.Tests.Http;
using HistoryPage = UpstreamMonitor.Components.Pages.History;

namespace UpstreamMonitor.Tests.Components.Pages;

public sealed class HistoryPageTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(HistorySnapshots.At(100));

    [Fact]
    public async Task The_page_draws_recorded_rounds_as_svg_paths_and_a_timeline_of_alerts_and_state_changes_newest_first()
    {
        using var directory = new TempDirectory();
        var options = new HistoryOptions { Path = Path.Combine(directory.Path, "h.db"), Instance = "page" };
        await using var store = HistoryStoreFactory.Create(options, _time);
        await store.MigrateAsync(CancellationToken.None);
        var rounds = Enumerable.Range(1, 20)
            .Select(n => n == 10
                ? TestSnapshots.Round(n, HistorySnapshots.At(n), TestSnapshots.Healthy("zeam_0", 21, 17, 13, n), TestSnapshots.Healthy("ream_0", 21, 17, 13, n), TestSnapshots.Unreachable("qlean_0", n))
                : HistorySnapshots.Devnet(n));
        var downAt = HistorySnapshots.At(10).ToUnixTimeMilliseconds();
        AlertHistoryEvent Alert(long at, string transition) => new(at, transition, "upstream_down/qlean_0", "upstream_down", "warning", "qlean_0 is down", "qlean_0", null, null);
        await store.WriteAsync("page", HistorySnapshots.Batch(rounds) with { Alerts = [Alert(downAt + 1, AlertTransitionNames.Fired), Alert(downAt + 2, AlertTransitionNames.Resolved)] }, CancellationToken.None);
        Register(options, store);
        Services.GetRequiredService<NavigationManager>().NavigateTo("history?range=1h");

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.StartsWith("M", page.Find("svg path.finalized").GetAttribute("d"), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.StartsWith("M", page.Find("svg path.ideal").GetAttribute("d"), StringComparison.Ordinal);
        Assert.Equal("page", page.Find(".ranges a.active").GetAttribute("aria-current"));
        Assert.Equal("1h", page.Find(".ranges a.active").TextContent);
        var lines = page.FindAll(".timeline li").Select(li => li.TextContent.ReplaceLineEndings(" ")).ToArray();
        Assert.Equal(4, lines.Length);
        // Round 11 brought qlean_0 back (newest), the alert resolved and fired just after round 10's error.
        Assert.Contains("back ok", lines[0], StringComparison.Ordinal);
        Assert.Contains("upstream down resolved", lines[1], StringComparison.Ordinal);
        Assert.Contains("upstream down fired", lines[2], StringComparison.Ordinal);
        Assert.Contains("qlean_0 is down", lines[2], StringComparison.Ordinal);
        Assert.Contains("error", lines[3], StringComparison.Ordinal);
        Assert.Contains("connection refused", lines[3], StringComparison.Ordinal);
        Assert.Equal("upstreams/qlean_0", page.FindAll(".timeline li a.upstream")[0].GetAttribute("href"));
    }

    [Fact]
    public async Task An_upstreams_page_names_its_client_version_and_sync_state_from_the_latest_snapshot()
    {
        using var directory = new TempDirectory();
        var options = new HistoryOptions { Path = Path.Combine(directory.Path, "h.db"), Instance = "page" };
        await using var store = HistoryStoreFactory.Create(options, _time);
        await store.MigrateAsync(CancellationToken.None);
        Register(options, store);
        var snapshots = new MonitorSnapshotStore(
            Options.Create(new CheckpointSyncOptions { StaleMs = 30_000 }), Options.Create(new ConsensusOptions()), NullLogger<MonitorSnapshotStore>.Instance);
        var devnet = HistorySnapshots.Devnet(3);
        snapshots.Publish(devnet with
        {
            Upstreams = [.. devnet.Upstreams.Select(u => u.Name == "ream_0" ? u with { ClientVersion = "ream/v0.4.1-2f9c", Syncing = new NodeSyncStatus(true, 20, 6, 12) } : u)],
        });
        Services.AddSingleton<IMonitorSnapshotSource>(snapshots);

        var page = Render<UpstreamHistory>(p => p.Add(c => c.Name, "ream_0"));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-identity]")), TimeSpan.FromSeconds(10));
        var identity = page.Find("[data-identity]").TextContent;
        Assert.Contains("ream/v0.4.1-2f9c", identity, StringComparison.Ordinal);
        Assert.Contains("syncing, 6 behind", identity, StringComparison.Ordinal);
        Assert.Contains("now ok", identity, StringComparison.Ordinal);
        Assert.Empty(Render<UpstreamHistory>(p => p.Add(c => c.Name, "not_configured")).FindAll("[data-identity]"));
    }

    [Fact]
    public void With_history_off_the_page_says_so_instead_of_a_chart()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(Options.Create(new HistoryOptions { Path = HistoryOptions.Off }));

        var page = Render<HistoryPage>();

        Assert.Contains("History is off", page.Find(".history-problem").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("svg path"));
    }

    [Fact]
    public void The_banner_shows_the_stores_problem_while_degraded_and_nothing_once_writing_works()
    {
        var health = new HistoryHealth();
        Services.AddSingleton(health);

        var healthy = Render<HistoryBanner>();
        Assert.Empty(healthy.FindAll(".history-banner"));

        health.Failed("history store sqlite /data/h.db: disk full");
        var degraded = Render<HistoryBanner>();
        Assert.Contains("disk full", degraded.Find(".history-banner").TextContent, StringComparison.Ordinal);
    }

    private void Register(HistoryOptions options, IHistoryStore store)
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(Options.Create(options));
        Services.AddSingleton(new HistoryReader(store, Options.Create(options), _time));
    }
}
