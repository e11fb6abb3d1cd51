using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UpstreamMonitor.Benchmarks.Dashboard;
using UpstreamMonitor.Benchmarks.Measurement;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.Scale;

/// <summary>
/// The dashboard scenario's server render measurement (Blazor's render-diff histogram per published round, the
/// synthetic fleet of <see cref="DashboardSnapshotFactory"/>) for several fleet sizes on one live page: one host and
/// one browser for all sizes, so the comparison is of N alone and the smoke run stays short. Memory is not measured here.
/// </summary>
internal static class ScaleDashboardRender
{
    /// <summary>Median and p95 server render (ms) of one round's update, per fleet size, in the order given.</summary>
    public static async Task<IReadOnlyList<SampleSummary>> RunAsync(IReadOnlyList<int> sizes, int rounds, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(log);
        var time = TimeProvider.System;
        await using var app = DashboardOnlyHost.Build(out var port);
        var store = app.Services.GetRequiredService<MonitorSnapshotStore>();
        long version = 1;
        store.Publish(DashboardSnapshotFactory.Round(DashboardSnapshotFactory.Fleet(sizes[0]), version, time.GetUtcNow()));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var renders = new DashboardRenderScenario.RenderDiffRecorder();
            using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            }).ConfigureAwait(false);
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } }).ConfigureAwait(false);
            var page = await context.NewPageAsync().ConfigureAwait(false);
            await page.GotoAsync($"http://127.0.0.1:{port}/", new PageGotoOptions { Timeout = 60_000 }).ConfigureAwait(false);
            await page.WaitForSelectorAsync(".dashboard[data-live=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 }).ConfigureAwait(false);

            var results = new List<SampleSummary>(sizes.Count);
            foreach (var size in sizes)
            {
                var fleet = DashboardSnapshotFactory.Fleet(size);
                var samples = new List<double>(rounds);

                // The first round at a new size replaces every row: it is rendered but not measured.
                for (var round = -1; round < rounds; round++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    version++;
                    renders.Clear();
                    store.Publish(DashboardSnapshotFactory.Round(fleet, version, time.GetUtcNow()));
                    await page.WaitForFunctionAsync(
                        "v => document.querySelector('.dashboard')?.getAttribute('data-snapshot-version') === String(v)",
                        version,
                        new PageWaitForFunctionOptions { Timeout = 60_000 }).ConfigureAwait(false);

                    // The histogram may be recorded after the page has the batch: read it after a pause (as the dashboard
                    // scenario pauses), so a late measurement counts for its own round; a clock tick in the window only adds.
                    await Task.Delay(TimeSpan.FromMilliseconds(150), time, cancellationToken).ConfigureAwait(false);
                    if (round >= 0 && renders.Count > 0)
                    {
                        samples.Add(renders.TotalMilliseconds());
                    }
                }

                if (samples.Count == 0)
                {
                    throw new InvalidOperationException($"The runtime reported no render_diff measurements at N = {size}.");
                }

                var summary = SampleSummary.Of(samples);
                results.Add(summary);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"    dashboard N={size}: server render {summary}")).ConfigureAwait(false);
            }

            return results;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

}
