using UpstreamMonitor.Hosting;

namespace UpstreamMonitor.Tests.Hosting;

/// <summary>Every kind of bad input exits 2 with a message naming the flag, variable, file or entry.</summary>
public sealed class BadInputTests
{
    private const string Upstream = "--lean-url=http://127.0.0.1:5052";

    [Theory]
    [InlineData(new[] { "--poll-ms", "abc", Upstream }, "error: --poll-ms: 'abc' is not an integer")]
    [InlineData(new[] { "--port=http", Upstream }, "error: --port: 'http' is not an integer")]
    [InlineData(new[] { "--stale-ms", "-1", Upstream }, "error: --stale-ms: -1 is negative; expected a non-negative integer")]
    [InlineData(new[] { "--timeout-ms", "1.5", Upstream }, "error: --timeout-ms: '1.5' is not an integer")]
    [InlineData(new[] { "--poll-concurrency", "-3", Upstream }, "error: --poll-concurrency: -3 is negative")]
    [InlineData(new[] { "--poll-ms", "0", Upstream }, "error: --poll-ms: must be at least 1 ms")]
    [InlineData(new[] { "--port", "70000", Upstream }, "error: --port: 70000 is not a TCP port (0-65535)")]
    [InlineData(new[] { "--port", "99999999999", Upstream }, "error: --port: 99999999999 is too large")]
    [InlineData(new[] { "--log-format", "xml", Upstream }, "error: --log-format: 'xml' is not a log format (text or json)")]
    [InlineData(new[] { "--bind", "my-laptop", Upstream }, "error: --bind: 'my-laptop' is not an IP address, localhost or *")]
    [InlineData(new[] { "--lean-url", "127.0.0.1:5052" }, "error: --lean-url: '127.0.0.1:5052' is not an absolute http(s) URL")]
    [InlineData(new[] { "--lean-url", "ftp://127.0.0.1/" }, "error: --lean-url: 'ftp://127.0.0.1/' is not an absolute http(s) URL")]
    [InlineData(new[] { "--port", Upstream }, "error: --port: missing value (--port PORT)")]
    [InlineData(new[] { Upstream, "--upstreams-config" }, "error: --upstreams-config: missing value (--upstreams-config FILE)")]
    [InlineData(new[] { "--check-config=yes", Upstream }, "error: --check-config: takes no value")]
    [InlineData(new string[0], "error: no upstreams configured: give --upstreams-config FILE (LEANPOINT_UPSTREAMS_CONFIG)")]
    public async Task Bad_flags_exit_2_with_their_message(string[] args, string expected)
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--check-config", .. args]);

        Assert.Equal(MonitorProgram.ExitInvalidConfiguration, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("--pol-ms", "error: unknown flag '--pol-ms' (did you mean --poll-ms?)\nsee --help\n")]
    [InlineData("--frobnicate", "error: unknown flag '--frobnicate'\nsee --help\n")]
    [InlineData("upstreams.json", "error: unexpected argument 'upstreams.json' (flags start with --)\nsee --help\n")]
    public async Task Unknown_flag_is_one_error_line_then_see_help(string arg, string expected)
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync([arg, "5"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("LEANPOINT_POLL_MS", "soon", "error: LEANPOINT_POLL_MS: 'soon' is not an integer")]
    [InlineData("LEANPOINT_BIND_PORT", "-1", "error: LEANPOINT_BIND_PORT: -1 is negative")]
    [InlineData("LEANPOINT_TIMEOUT_MS", "5s", "error: LEANPOINT_TIMEOUT_MS: '5s' is not an integer")]
    [InlineData("LEANPOINT_STALE_MS", "0", "error: LEANPOINT_STALE_MS: must be at least 1 ms")]
    [InlineData("LEANPOINT_POLL_CONCURRENCY", "lots", "error: LEANPOINT_POLL_CONCURRENCY: 'lots' is not an integer")]
    [InlineData("LEANPOINT_LOG_FORMAT", "yaml", "error: LEANPOINT_LOG_FORMAT: 'yaml' is not a log format")]
    [InlineData("LEANPOINT_LEAN_URL", "http//127.0.0.1", "error: LEANPOINT_LEAN_URL: 'http//127.0.0.1' is not an absolute http(s) URL")]
    public async Task Bad_variables_exit_2_naming_the_variable(string variable, string value, string expected)
    {
        using var harness = new ProgramHarness("""{ "Monitor": { "Upstreams": [ { "Name": "zeam_0", "Url": "http://127.0.0.1:5051" } ] } }""");
        harness.Variables[variable] = value;

        var result = await harness.RunAsync(["--check-config"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_appsettings_value_names_the_key_and_file()
    {
        using var harness = new ProgramHarness("""{ "Monitor": { "PollMs": "fast", "ConsensusThresholdPercent": 100 } }""");

        var result = await harness.RunAsync(["--check-config", Upstream]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: Monitor:PollMs in appsettings.json: 'fast' is not an integer", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: Monitor:ConsensusThresholdPercent in appsettings.json: 100 is not a percentage below 100", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_appsettings_json_exits_2()
    {
        using var harness = new ProgramHarness("{ \"Monitor\": { \"PollMs\": 1000, } ");

        var result = await harness.RunAsync(["--check-config", Upstream]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("appsettings.json", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_error_is_reported_at_once()
    {
        using var harness = new ProgramHarness();
        harness.Variables["LEANPOINT_TIMEOUT_MS"] = "x";

        var result = await harness.RunAsync(["--check-config", "--poll-ms", "abc", "--stale-ms", "-4", "--lean-url", "nope", "--log-format", "xml"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configuration invalid: 5 errors", result.Stderr, StringComparison.Ordinal);
        foreach (var name in new[] { "--poll-ms", "--stale-ms", "--lean-url", "--log-format", "LEANPOINT_TIMEOUT_MS" })
        {
            Assert.Contains($"error: {name}: ", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Missing_upstreams_file_names_its_path()
    {
        using var harness = new ProgramHarness();
        var path = Path.Combine(harness.Directory, "missing.json");

        var result = await harness.RunAsync(["--check-config", "--upstreams-config", path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --upstreams-config: {path}: upstreams file not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_upstreams_file_names_its_path()
    {
        using var harness = new ProgramHarness();
        var directoryAsFile = Path.Combine(harness.Directory, "a-directory.json");
        Directory.CreateDirectory(directoryAsFile);

        var result = await harness.RunAsync(["--check-config", "--upstreams-config", directoryAsFile]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --upstreams-config: {directoryAsFile}: cannot read the upstreams file", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"upstreams\": [\n  {\"name\": \"a\" \"url\": \"http://127.0.0.1:1\"}\n]}", "malformed JSON at line 2, column 16: '\"' is invalid after a value")]
    [InlineData("validators:\n  - name: zeam_0\n    enrFields: {ip: 127.0.0.1\n", "malformed YAML at line 4, column 1")]
    [InlineData("""{"upstreams":[{"url":"http://127.0.0.1:1"}]}""", "upstreams[0]: missing \"name\"")]
    [InlineData("""{"upstreams":[{"name":"zeam_0"}]}""", "upstreams[0] (zeam_0): missing \"url\"")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://127.0.0.1:1"},{"name":"a","url":"http://127.0.0.1:2"}]}""", "upstreams[1] (a): duplicate name, already used by upstreams[0]")]
    [InlineData("""{"upstreams":[{"name":"zeam_0","url":"grpc://127.0.0.1:1"}]}""", "upstreams[0] (zeam_0): url 'grpc://127.0.0.1:1' is not an absolute http(s) URL")]
    [InlineData("""{"upstreams":[]}""", "lists no upstreams")]
    public async Task Bad_upstreams_file_exits_2_naming_the_file_and_entry(string content, string expected)
    {
        using var harness = new ProgramHarness();
        var file = harness.File("upstreams.json", content);

        var result = await harness.RunAsync(["--check-config", "--upstreams-config", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --upstreams-config: {file}: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_upstream_list_is_fine_in_demo_mode()
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--check-config", "--demo", "4"], new FakeDemoDevnetLauncher());

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Demo_without_a_launcher_is_a_clear_error()
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--demo"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --demo: this build has no demo devnet", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("257")]
    public async Task Demo_size_is_bounded(string nodes)
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--check-config", "--demo", nodes], new FakeDemoDevnetLauncher());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --demo: {nodes} is not a demo devnet size (1-256 nodes)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inline_appsettings_upstreams_are_validated_with_the_same_rules()
    {
        using var harness = new ProgramHarness("""
            { "Monitor": { "Upstreams": [
              { "Name": "zeam_0", "Url": "http://127.0.0.1:5051" },
              { "Name": "zeam_0", "Url": "http://127.0.0.1:5052" },
              { "Url": "http://127.0.0.1:5053" }
            ] } }
            """);

        var result = await harness.RunAsync(["--check-config"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: Monitor:Upstreams:1 (zeam_0): duplicate name, already used by Monitor:Upstreams:0", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: Monitor:Upstreams:2: missing \"name\"", result.Stderr, StringComparison.Ordinal);
    }
}
