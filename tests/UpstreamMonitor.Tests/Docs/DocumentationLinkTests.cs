using System.Text.RegularExpressions;
using UpstreamMonitor.Tests.Configuration;

namespace UpstreamMonitor.Tests.Docs;

/// <summary>The README is a short front page that links into docs/: every relative link there must lead somewhere.</summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(RepositoryFiles.Root, file));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_resolves_to_a_file_of_the_repository(string page)
    {
        var path = RepositoryFiles.PathOf(page);
        var directory = Path.GetDirectoryName(path)!;
        var broken = Link().Matches(File.ReadAllText(path))
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#') && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Combine(directory, target)) && !Directory.Exists(Path.Combine(directory, target)))
            .ToList();

        Assert.True(broken.Count == 0, $"{page} links to missing files: {string.Join(", ", broken)}");
    }

    [Fact]
    public void The_front_page_stays_short_and_gives_both_commands()
    {
        var readme = File.ReadAllLines(RepositoryFiles.PathOf("README.md"));

        Assert.InRange(readme.Length, 20, 150);
        Assert.Contains("./scripts/run.sh", readme);
        Assert.Contains("./scripts/test.sh", readme);
    }

    [Fact]
    public void The_front_page_links_the_openapi_document()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));

        Assert.Contains("](http://localhost:5555/openapi/v1.json)", readme, StringComparison.Ordinal);
    }

    /// <summary>--help (and the generated settings table) say what stale means; a page that words it again says the same.</summary>
    [Fact]
    public void Every_page_that_says_when_the_monitor_is_stale_says_what_help_says()
    {
        const string Rule = "last finalized consensus is older than";
        Assert.Contains(Rule, UpstreamMonitor.Configuration.MonitorSettingTable.StaleMs.Meaning, StringComparison.Ordinal);

        var pages = Directory.EnumerateFiles(RepositoryFiles.PathOf("docs"), "*.md").Append(RepositoryFiles.PathOf("README.md"));
        var disagreeing = pages
            .SelectMany(page => File.ReadLines(page).Select(line => (Page: Path.GetFileName(page), Line: line)))
            .Where(l => l.Line.Contains("stale-ms", StringComparison.Ordinal) && l.Line.Contains("older than", StringComparison.Ordinal))
            .Where(l => !l.Line.Contains(Rule, StringComparison.Ordinal))
            .Select(l => $"{l.Page}: {l.Line.Trim()}")
            .ToList();

        Assert.True(disagreeing.Count == 0, string.Join("\n", disagreeing));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
