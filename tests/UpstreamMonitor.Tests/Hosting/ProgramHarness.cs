using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Tests.Configuration;

namespace UpstreamMonitor.Tests.Hosting;

/// <summary>Runs <see cref="MonitorProgram"/> in-process with its own environment variables and appsettings.json.</summary>
internal sealed partial class ProgramHarness : IDisposable
{
    private readonly TempDirectory _contentRoot = new();

    public ProgramHarness(string appSettings = "{}")
    {
        AppSettings(appSettings);

        // The harness's environment is its own (not the process's): history stays off here too unless a test sets it.
        Variables["LEANPOINT_HISTORY"] = "off";
    }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string Directory => _contentRoot.Path;

    public void AppSettings(string json) => _contentRoot.File("appsettings.json", json);

    public string File(string name, string content) => _contentRoot.File(name, content);

    public async Task<ProgramResult> RunAsync(
        string[] args,
        IDemoDevnetLauncher? launcher = null,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await MonitorProgram.RunAsync(
            args, stdout, stderr, launcher, new ProcessEnvironment(Variables, _contentRoot.Path), configure, cancellationToken);
        return new ProgramResult(exit, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => _contentRoot.Dispose();
}

internal sealed partial record ProgramResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The (value, source) columns of one <c>--check-config</c> settings line.</summary>
    public (string Value, string Source) Setting(string name)
    {
        var line = Stdout.Split('\n').SingleOrDefault(l => l.StartsWith($"  {name} ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"no '{name}' line in:\n{Stdout}\n{Stderr}");
        var columns = Columns().Split(line.Trim());
        Assert.Equal(3, columns.Length);
        return (columns[1], columns[2]);
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Columns();
}
