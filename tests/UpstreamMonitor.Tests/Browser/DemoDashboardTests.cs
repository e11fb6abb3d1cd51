using System.Globalization;
using Microsoft.Playwright;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Browser;

/// <summary>
/// The whole product as an operator starts it: <c>--demo</c> with fast slots, the real poller against the simulated
/// devnet, the dashboard in Debian's chromium. Also refreshes docs/dashboard.png.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DemoDashboardTests(BrowserFixture browser)
{
    private const int Nodes = 16;

    [Fact]
    public async Task Demo_devnet_shows_finalized_slot_every_upstream_with_its_status_and_a_head_that_advances()
    {
        var port = DashboardHost.FreeLoopbackPort();
        var baseUrl = $"http://127.0.0.1:{port}/";
        using var stop = new CancellationTokenSource();
        var stderr = TextWriter.Synchronized(new StringWriter());
        string[] args =
        [
            "--demo", Nodes.ToString(CultureInfo.InvariantCulture),
            "--demo-slot-ms", "250",
            "--poll-ms", "500",
            "--timeout-ms", "300",
            "--bind", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
        ];
        var environment = new ProcessEnvironment(new Dictionary<string, string>(StringComparer.Ordinal), AppContext.BaseDirectory);
        var run = Task.Run(() => MonitorProgram.RunAsync(
            args, TextWriter.Null, stderr, new SimulatedDemoDevnetLauncher(), environment, configure: null, stop.Token));
        try
        {
            await WaitUntilServingAsync(baseUrl, run, stderr);
            await using var session = await browser.OpenAsync(1600, 1050);
            var page = session.Page;
            await page.GotoAsync(baseUrl);
            await page.WaitForSelectorAsync(".dashboard[data-live=true]", new() { State = WaitForSelectorState.Attached });
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");

            // Finalized consensus is shown with a real slot.
            var finalized = page.Locator("[data-checkpoint=finalized] .slot-number");
            await Assertions.Expect(finalized).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9,]+$"), new() { Timeout = 15_000 });
            Assert.True(ParseSlot(await finalized.TextContentAsync()) > 0);

            // Every simulated node has a row with the status its persona produces.
            var personas = DefaultPersonaMix.Assign(Nodes, new SimulatedDevnetOptions().Seed);
            for (var i = 0; i < Nodes; i++)
            {
                var row = page.Locator($"tbody tr[data-upstream='{NodeNames.NameOf(i)}']");
                await Assertions.Expect(row).ToHaveCountAsync(1);
                switch (personas[i])
                {
                    case Persona.Hung:
                        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "Timeout", new() { Timeout = 10_000 });
                        await Assertions.Expect(row.Locator(".badge .label")).ToHaveTextAsync("timeout");
                        break;
                    case Persona.Booting:
                        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "Error", new() { Timeout = 10_000 });
                        await Assertions.Expect(row.Locator(".badge .label")).ToHaveTextAsync("error");
                        await Assertions.Expect(row.Locator(".last-error")).ToContainTextAsync("503");
                        break;
                    case Persona.Flaky:
                        // Every other request gets a 503: either outcome is right for a given round.
                        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("^(Ok|Error)$"), new() { Timeout = 10_000 });
                        break;
                    default:
                        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "Ok", new() { Timeout = 10_000 });
                        await Assertions.Expect(row.Locator(".badge .label")).ToHaveTextAsync("healthy");
                        break;
                }
            }

            Assert.Equal(Nodes, await page.Locator("tbody tr[data-upstream]").CountAsync());

            // The head moves on by itself as the devnet produces slots: pushed, not reloaded.
            var head = page.Locator("[data-checkpoint=head] .slot-number");
            await Assertions.Expect(head).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9,]+$"));
            var firstHead = ParseSlot(await head.TextContentAsync());
            await page.WaitForFunctionAsync(
                "first => { const e = document.querySelector('[data-checkpoint=head] .slot-number'); return e && Number(e.textContent.replaceAll(',', '')) > first; }",
                firstHead,
                new() { Timeout = 10_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));

            await page.ScreenshotAsync(new() { Path = ScreenshotPath(), FullPage = true });
        }
        finally
        {
            await stop.CancelAsync();
            var exit = await run.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.True(exit == MonitorProgram.ExitOk, $"exit {exit}: {stderr}");
        }
    }

    private static long ParseSlot(string? text) => long.Parse(text!.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static async Task WaitUntilServingAsync(string baseUrl, Task<int> run, TextWriter stderr)
    {
        // The first request pays for JIT and Razor compilation of the page, so allow it a while.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        while (!deadline.IsCancellationRequested)
        {
            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"The monitor exited with {await run}: {stderr}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl), deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !deadline.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"The monitor did not serve {baseUrl} within 45 s: {stderr}");
    }

    /// <summary>docs/dashboard.png in the repository this test was built from.</summary>
    private static string ScreenshotPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "UpstreamMonitor.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? Path.GetTempPath();
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        return Path.Combine(root, "docs", "dashboard.png");
    }
}
