using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Tests.Http;
using UpstreamMonitor.Tests.Http.Alerts;

namespace UpstreamMonitor.Tests.Alerts.Deploy;

/// <summary>deploy/prometheus/alerts.yml and deploy/grafana/upstream-monitor.json: valid, and only over metrics we export.</summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Rules = RepositoryFiles.PathOf("deploy", "prometheus", "alerts.yml");
    private static readonly string RuleTests = RepositoryFiles.PathOf("deploy", "prometheus", "alerts.test.yml");
    private static readonly string Dashboard = RepositoryFiles.PathOf("deploy", "grafana", "upstream-monitor.json");

    [Fact]
    public async Task Promtool_accepts_the_rules()
    {
        var (exitCode, output) = await PromtoolAsync("check", "rules", Rules);

        Assert.True(exitCode == 0, $"promtool check rules failed (exit {exitCode}): {output}");
        Assert.Contains("SUCCESS: 17 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rules_unit_tests_pass()
    {
        var (exitCode, output) = await PromtoolAsync("test", "rules", RuleTests);

        Assert.True(exitCode == 0, $"promtool test rules failed (exit {exitCode}): {output}");
    }

    [Fact]
    public async Task The_rules_reference_only_exported_metrics()
    {
        var exported = await ExportedMetricNamesAsync();
        var expressions = File.ReadAllLines(Rules)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("expr:", StringComparison.Ordinal))
            .Select(l => l["expr:".Length..])
            .ToList();

        Assert.NotEmpty(expressions);
        AssertOnlyExported(expressions, exported);
    }

    [Fact]
    public async Task The_dashboard_is_valid_json_whose_panels_query_only_exported_metrics()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Dashboard));
        var root = json.RootElement;
        Assert.Equal("upstream-monitor", root.GetProperty("uid").GetString());
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 36);
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 8, $"{panels.Count} panels");
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var titles = panels.Select(p => p.GetProperty("title").GetString()!).ToList();
        Assert.Contains(titles, t => t.Contains("Finality", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.Contains("lag", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(titles, t => t.Contains("health", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(titles, t => t.Contains("Round time", StringComparison.Ordinal));
        Assert.All(panels, p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));

        var expressions = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        AssertOnlyExported(expressions, await ExportedMetricNamesAsync());
    }

    private static void AssertOnlyExported(IEnumerable<string> expressions, HashSet<string> exported)
    {
        var referenced = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).Distinct().ToList();
        Assert.NotEmpty(referenced);
        var unknown = referenced.Where(name => !exported.Contains(name) && !exported.Contains(HistogramFamily().Replace(name, string.Empty))).ToList();
        Assert.True(unknown.Count == 0, "not exported: " + string.Join(", ", unknown));
    }

    /// <summary>Every family in a real /metrics scrape of the monitor with alerts wired in.</summary>
    private static async Task<HashSet<string>> ExportedMetricNamesAsync()
    {
        await using var host = new AlertsWebHost();
        using var client = host.CreateClient();
        host.Store.Publish(TestSnapshots.Round(1, host.Time.GetUtcNow(),
            TestSnapshots.Healthy("zeam_0", 44, 40, 36), TestSnapshots.Healthy("ream_0", 44, 40, 36)));
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var names = text.Split('\n')
            .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2])
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("upstream_monitor_alert_active", names);
        Assert.Contains("upstream_monitor_alert_deliveries_total", names);
        return names;
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Rules)!,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"\b(?:leanpoint|upstream_monitor)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramFamily();
}
