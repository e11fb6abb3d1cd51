using System.Text.RegularExpressions;
using UpstreamMonitor.Tests.Configuration;

namespace UpstreamMonitor.Tests.Docs;

/// <summary>
/// Fixtures live in the repository: a fresh clone runs every test, and a missing fixture is one loud, named failure here
/// rather than dozens of DirectoryNotFoundExceptions spread over the suite (issue 16).
/// </summary>
public sealed partial class RepositoryFixtureTests
{
    private static readonly string TestsRoot = RepositoryFiles.PathOf("tests", "UpstreamMonitor.Tests");

    [Fact]
    public void A_missing_fork_choice_fixture_fails_with_its_name()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RepositoryFiles.ForkChoiceFixture("no-such-client.json"));

        Assert.Equal("fork-choice fixture 'no-such-client.json' is missing from the repository", error.Message);
    }

    [Fact]
    public void Every_fixture_a_test_names_is_in_the_repository()
    {
        var named = Directory.EnumerateFiles(TestsRoot, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && Path.GetFileName(file) != $"{nameof(RepositoryFixtureTests)}.cs")
            .SelectMany(file => FixtureCall().Matches(File.ReadAllText(file)).Select(m => (Kind: m.Groups["kind"].Value, Name: m.Groups["name"].Value)))
            .Distinct()
            .ToList();

        var missing = named
            .Select(f => f.Kind == "ForkChoiceFixture"
                ? Path.Combine(TestsRoot, "Fixtures", "fork-choice", f.Name)
                : RepositoryFiles.Fixture(f.Name))
            .Where(path => !File.Exists(path))
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path))
            .ToList();

        // Both kinds are in use today (fork-choice bodies and upstream files); finding none means the scan broke.
        Assert.Contains(named, f => f.Kind == "ForkChoiceFixture");
        Assert.Contains(named, f => f.Kind == "Fixture");
        Assert.True(missing.Count == 0, $"fixtures missing from the repository: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_test_project_takes_no_file_from_outside_the_repository()
    {
        var project = File.ReadAllText(Path.Combine(TestsRoot, "UpstreamMonitor.Tests.csproj"));

        // A conditional link to the reference folder beside the clone built silently without it: nothing may point there.
        Assert.DoesNotMatch(@"(Include|Link)=""[^""]*\.\.[\\/]\.\.[\\/]\.\.", project);
        Assert.DoesNotContain("shared", project, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"\b(?<kind>ForkChoiceFixture|(?<=RepositoryFiles\.)Fixture)\(""(?<name>[^""]+)""\)")]
    private static partial Regex FixtureCall();
}
