using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.History;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Tests.History.Support;
using HistoryPage = UpstreamMonitor.Components.Pages.History;

namespace UpstreamMonitor.Tests.Components.Pages;

public sealed class HistoryPageTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(HistorySnapshots.At(100));

    [Fact]
    public async Task The_page_draws_recorded_rounds_as_svg_paths_and_lists_finalized_events_newest_first()
    {
        using var directory = new TempDirectory();
        var options = new HistoryOptions { Path = Path.Combine(directory.Path, "h.db"), Instance = "page" };
        await using var store = HistoryStoreFactory.Create(options, _time);
        await store.MigrateAsync(CancellationToken.None);
        await store.WriteAsync("page", HistorySnapshots.Batch(Enumerable.Range(1, 20).Select(n => HistorySnapshots.Devnet(n))), CancellationToken.None);
        Register(options, store);
        Services.GetRequiredService<NavigationManager>().NavigateTo("history?range=1h");

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.StartsWith("M", page.Find("svg path.finalized").GetAttribute("d"), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.StartsWith("M", page.Find("svg path.ideal").GetAttribute("d"), StringComparison.Ordinal);
        Assert.Equal("page", page.Find(".ranges a.active").GetAttribute("aria-current"));
        Assert.Equal("1h", page.Find(".ranges a.active").TextContent);
        var events = page.FindAll(".timeline li");
        Assert.NotEmpty(events);
        Assert.Contains("slot 30", events[0].TextContent, StringComparison.Ordinal);
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
