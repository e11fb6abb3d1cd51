namespace UpstreamMonitor.Tests.Configuration;

/// <summary>Files of the repository itself (fixtures, docs), found from the test's output directory.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(Root, "tests", "UpstreamMonitor.Tests", "Upstreams", "Fixtures", name);

    /// <summary>A fork-choice body captured from a real client, kept in the repository (the tests never read outside it).</summary>
    public static string ForkChoiceFixture(string name)
    {
        var path = Path.Combine(Root, "tests", "UpstreamMonitor.Tests", "Fixtures", "fork-choice", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"fork-choice fixture '{name}' is missing from the repository", path);
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "UpstreamMonitor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"UpstreamMonitor.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "upstream-monitor-tests", Guid.NewGuid().ToString("N"));

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
