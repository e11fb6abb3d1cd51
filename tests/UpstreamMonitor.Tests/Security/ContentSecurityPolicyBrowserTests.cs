using Microsoft.Playwright;
using UpstreamMonitor.Tests.Browser;
using UpstreamMonitor.Tests.Components;

namespace UpstreamMonitor.Tests.Security;

/// <summary>
/// The dashboard under its real Content-Security-Policy in Chromium: the policy arrives with the page, the browser
/// reports no violation, and the interactive circuit (SignalR over the same origin) still pushes updates.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_dashboard_runs_under_its_policy_without_a_single_violation()
    {
        await using var host = await DashboardHost.StartAsync();
        host.Store.Publish(DashboardSnapshots.AllHealthy(4, version: 3, head: 50));
        await using var session = await browser.OpenAsync();
        var page = session.Page;
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");

        var response = await page.GotoAsync(host.BaseUrl.ToString());
        await page.WaitForSelectorAsync(".dashboard[data-live=true]", new() { State = WaitForSelectorState.Attached });
        host.Store.Publish(DashboardSnapshots.AllHealthy(4, version: 4, head: 51));
        await Assertions.Expect(page.Locator(".dashboard")).ToHaveAttributeAsync("data-snapshot-version", "4");

        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.NotNull(policy);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Empty(violations);
    }
}
