using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Benchmarks.Dashboard;

/// <summary>
/// Measures the dashboard at a fleet size (not a test; see docs/benchmarks.md): the server's render of one round's
/// update (Blazor's own render-diff histogram), the browser's time to apply it (WebSocket message to DOM mutation, in
/// headless Debian chromium), and the managed memory each connected dashboard costs.
/// </summary>
public static class DashboardRenderScenario
{
    private const int Rounds = 20;
    private const int Dashboards = 10;
    /// <summary>
    /// Records when each WebSocket message arrives and when the page's snapshot version changes; the difference is
    /// the time blazor.web.js spends decoding and applying the render batch.
    /// </summary>
    private const string BrowserProbe = """
        (() => {
          const Native = window.WebSocket;
          window.__wsLast = 0;
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              this.addEventListener("message", () => { window.__wsLast = performance.now(); });
            }
          };
          window.__applies = [];
          document.addEventListener("DOMContentLoaded", () => {
            new MutationObserver(records => {
              const now = performance.now();
              for (const r of records) {
                const version = r.target.getAttribute("data-snapshot-version");
                performance.mark("dashboard-applied-" + version);
                window.__applies.push({ version: Number(version), ms: now - window.__wsLast });
              }
            }).observe(document.body, { attributes: true, attributeFilter: ["data-snapshot-version"], subtree: true });
          });
        })();
        """;

    public static async Task<DashboardFigures> RunAsync(int upstreams, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(log);
        var time = TimeProvider.System;
        await using var app = DashboardOnlyHost.Build(out var port);
        var store = app.Services.GetRequiredService<MonitorSnapshotStore>();
        var fleet = DashboardSnapshotFactory.Fleet(upstreams);
        long version = 1;
        store.Publish(DashboardSnapshotFactory.Round(fleet, version, time.GetUtcNow()));
        await app.StartAsync(ct);

        using var renders = new RenderDiffRecorder();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var url = $"http://127.0.0.1:{port}/";

        // One measured page: publish a round, wait until the page shows it, repeat.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(BrowserProbe);
        await OpenLiveAsync(page, url);
        var serverMs = new List<double>(Rounds);
        var publishToPageMs = new List<double>(Rounds);
        for (var round = 0; round < Rounds; round++)
        {
            ct.ThrowIfCancellationRequested();
            version++;
            renders.Clear();
            var published = time.GetTimestamp();
            store.Publish(DashboardSnapshotFactory.Round(fleet, version, time.GetUtcNow()));
            await WaitForVersionAsync(page, version);
            publishToPageMs.Add(time.GetElapsedTime(published).TotalMilliseconds);
            // The round's batch; a clock tick landing in the same window would only add to it (a conservative figure).
            if (renders.Count > 0)
            {
                serverMs.Add(renders.TotalMilliseconds());
            }
            await Task.Delay(TimeSpan.FromMilliseconds(150), time, ct);
        }

        // Version 1 arrived with the first interactive render, not as an update.
        var browserMs = (await page.EvaluateAsync<double[]>("() => window.__applies.filter(a => a.version > 1).map(a => a.ms)")).ToList();
        var domRows = await page.Locator("tbody tr[data-upstream]").CountAsync();

        // Memory: managed heap growth while ten more dashboards are connected and showing a fresh round.
        var before = SettledManagedBytes();
        var pages = new List<IBrowserContext>(Dashboards);
        for (var i = 0; i < Dashboards; i++)
        {
            var extra = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
            pages.Add(extra);
            await OpenLiveAsync(await extra.NewPageAsync(), url);
        }

        version++;
        store.Publish(DashboardSnapshotFactory.Round(fleet, version, time.GetUtcNow()));
        foreach (var extra in pages)
        {
            await WaitForVersionAsync(extra.Pages[0], version);
        }

        var after = SettledManagedBytes();
        foreach (var extra in pages)
        {
            await extra.CloseAsync();
        }

        var figures = new DashboardFigures
        {
            Upstreams = upstreams,
            Rounds = Rounds,
            ServerRenderMedianMs = Percentile(serverMs, 0.5),
            ServerRenderP95Ms = Percentile(serverMs, 0.95),
            PublishToPageMedianMs = Percentile(publishToPageMs, 0.5),
            BrowserApplyMedianMs = Percentile(browserMs, 0.5),
            BrowserApplyP95Ms = Percentile(browserMs, 0.95),
            DomRows = domRows,
            ManagedMbPerDashboard = Math.Round((after - before) / (double)Dashboards / (1024 * 1024), 2),
            Dashboards = Dashboards,
        };
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"dashboard N={upstreams}: server render median {figures.ServerRenderMedianMs} ms (p95 {figures.ServerRenderP95Ms}), " +
            $"publish to page median {figures.PublishToPageMedianMs} ms, " +
            $"browser apply median {figures.BrowserApplyMedianMs} ms (p95 {figures.BrowserApplyP95Ms}), {domRows} DOM rows, " +
            $"{figures.ManagedMbPerDashboard} MB managed per dashboard over {Dashboards}"));
        await app.StopAsync(CancellationToken.None);
        return figures;
    }

    private static async Task OpenLiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url, new PageGotoOptions { Timeout = 60_000 });
        await page.WaitForSelectorAsync(".dashboard[data-live=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
    }

    private static async Task WaitForVersionAsync(IPage page, long version) =>
        await page.WaitForFunctionAsync(
            "v => document.querySelector('.dashboard')?.getAttribute('data-snapshot-version') === String(v)",
            version,
            new PageWaitForFunctionOptions { Timeout = 30_000 });

    private static long SettledManagedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(p * sorted.Count) - 1;
        return Math.Round(sorted[Math.Clamp(index, 0, sorted.Count - 1)], 2);
    }


    /// <summary>Listens to Blazor's own <c>aspnetcore.components.render_diff.duration</c> histogram (seconds per batch; on the Components.Lifecycle meter).</summary>
    internal sealed class RenderDiffRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<double> _seconds = new();

        public RenderDiffRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) && instrument.Name == "aspnetcore.components.render_diff.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _seconds.Enqueue(value));
            _listener.Start();
        }

        public void Clear() => _seconds.Clear();

        public int Count => _seconds.Count;

        public double TotalMilliseconds() => _seconds.Sum() * 1000;

        public void Dispose() => _listener.Dispose();
    }
}
