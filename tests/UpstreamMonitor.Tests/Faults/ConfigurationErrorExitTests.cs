using UpstreamMonitor.Hosting;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>Every bad-input case of the foundation issue ends the process with exit code 2 and a message naming the culprit.</summary>
public sealed class ConfigurationErrorExitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("monitor-config-").FullName;

    public static IEnumerable<object[]> Cases() =>
    [
        ["unknown flag", new[] { "--bogus" }, null!, "--bogus"],
        ["non-integer number", new[] { "--poll-ms", "often", "--lean-url", "http://127.0.0.1:5052" }, null!, "--poll-ms"],
        ["negative number", new[] { "--timeout-ms", "-5", "--lean-url", "http://127.0.0.1:5052" }, null!, "--timeout-ms"],
        ["missing upstreams file", new[] { "--upstreams-config", "/nonexistent/upstreams.json" }, null!, "/nonexistent/upstreams.json: upstreams file not found"],
        ["malformed JSON", new[] { "--upstreams-config", "{file}" }, "{\"upstreams\":[{\"name\":\"a\",}", "malformed JSON at line 1"],
        ["upstream without name", new[] { "--upstreams-config", "{file}" }, "{\"upstreams\":[{\"url\":\"http://127.0.0.1:1\"}]}", "missing \"name\""],
        ["upstream without url", new[] { "--upstreams-config", "{file}" }, "{\"upstreams\":[{\"name\":\"zeam_0\"}]}", "(zeam_0): missing \"url\""],
        ["duplicate names", new[] { "--upstreams-config", "{file}" },
            "{\"upstreams\":[{\"name\":\"zeam_0\",\"url\":\"http://127.0.0.1:1\"},{\"name\":\"zeam_0\",\"url\":\"http://127.0.0.1:2\"}]}",
            "(zeam_0): duplicate name, already used by"],
        ["not an http(s) url", new[] { "--upstreams-config", "{file}" }, "{\"upstreams\":[{\"name\":\"zeam_0\",\"url\":\"ftp://127.0.0.1:1\"}]}",
            "url 'ftp://127.0.0.1:1' is not an absolute http(s) URL"],
        ["relative url", new[] { "--upstreams-config", "{file}" }, "{\"upstreams\":[{\"name\":\"zeam_0\",\"url\":\"/lean/v0\"}]}",
            "is not an absolute http(s) URL"],
        ["empty upstream list", new[] { "--upstreams-config", "{file}" }, "{\"upstreams\":[]}", "lists no upstreams"],
        ["empty file", new[] { "--upstreams-config", "{file}" }, string.Empty, "the upstreams file is empty"],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_configuration_exits_2_with_a_message_naming_it(string name, string[] args, string? fileContent, string message)
    {
        var file = Path.Combine(_directory, name.Replace(' ', '-') + ".json");
        if (fileContent is not null)
        {
            await File.WriteAllTextAsync(file, fileContent);
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await MonitorProgram.RunAsync(
            [.. args.Select(a => a.Replace("{file}", file, StringComparison.Ordinal))],
            stdout,
            stderr,
            demoLauncher: null,
            new ProcessEnvironment(new Dictionary<string, string>(), AppContext.BaseDirectory),
            configure: null,
            CancellationToken.None);

        Assert.Equal(MonitorProgram.ExitInvalidConfiguration, exit);
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_prints_a_valid_configuration_and_exits_0()
    {
        var file = Path.Combine(_directory, "ok.json");
        await File.WriteAllTextAsync(file, "{\"upstreams\":[{\"name\":\"zeam_0\",\"url\":\"http://u:p4ss@127.0.0.1:5052\"}]}");
        var stdout = new StringWriter();

        var exit = await MonitorProgram.RunAsync(
            ["--check-config", "--upstreams-config", file], stdout, new StringWriter(), demoLauncher: null,
            new ProcessEnvironment(new Dictionary<string, string>(), AppContext.BaseDirectory), configure: null, CancellationToken.None);

        Assert.Equal(MonitorProgram.ExitOk, exit);
        Assert.Contains("zeam_0", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("p4ss", stdout.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
