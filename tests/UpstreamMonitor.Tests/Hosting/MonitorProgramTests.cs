using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Hosting;

public sealed class MonitorProgramTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Help_lists_every_flag_with_its_variable_and_default()
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var setting in MonitorSettingTable.All.Where(s => s.Flag is not null))
        {
            var lines = result.Stdout.Split('\n');
            var line = Array.FindIndex(lines, l => l.StartsWith($"  {setting.Usage} ", StringComparison.Ordinal));
            Assert.True(line >= 0, $"{setting.Flag} missing from --help");
            if (setting.EnvironmentVariable is { } variable)
            {
                Assert.Contains($"env {variable}", lines[line + 1], StringComparison.Ordinal);
            }

            if (setting.DefaultText.Length > 0)
            {
                Assert.Contains($"default {setting.DefaultText}", lines[line + 1], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Version_prints_one_line()
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^UpstreamMonitor \d+\.\d+\.\d+\S*\n$", result.Stdout.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_config_prints_settings_upstreams_and_ok()
    {
        using var harness = new ProgramHarness();
        var file = harness.File("upstreams.json", """
            {"upstreams":[
              {"name":"zeam_0","url":"http://127.0.0.1:5051","path":"/v0/health"},
              {"name":"grandine_0","url":"http://ops:s3cret@127.0.0.1:8086"}
            ]}
            """);

        var result = await harness.RunAsync(["--check-config", "--upstreams-config", file, "--poll-ms=2000", "--timeout-ms", "1000"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var lines = result.Stdout.Split('\n');
        Assert.Equal($"{MonitorUsage.VersionLine}: configuration check", lines[0]);
        Assert.Equal("settings:", lines[1]);
        Assert.Equal(("2000", "flag --poll-ms"), result.Setting("poll-ms"));
        Assert.Equal(("1000", "flag --timeout-ms"), result.Setting("timeout-ms"));
        Assert.Equal(("5555", "default"), result.Setting("port"));
        var upstreamsAt = Array.FindIndex(lines, l => l.StartsWith("upstreams:", StringComparison.Ordinal));
        Assert.Equal($"upstreams: 2 from leanpoint upstreams.json {file}", lines[upstreamsAt]);
        Assert.Equal("  zeam_0      zeam      http://127.0.0.1:5051/", lines[upstreamsAt + 1]);
        Assert.Equal("  grandine_0  grandine  http://***@127.0.0.1:8086/", lines[upstreamsAt + 2]);
        Assert.Equal(EffectiveSettingsReport.OkLine, lines[upstreamsAt + 3]);
        Assert.DoesNotContain("s3cret", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_shows_the_concurrency_clamp()
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--check-config", "--lean-url", "http://127.0.0.1:5052", "--poll-concurrency", "1000"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("256 (asked 1000)", "flag --poll-concurrency"), result.Setting("poll-concurrency"));
        Assert.Contains("warnings:\n  --poll-concurrency: 1000 is above the maximum of 256; clamped to 256\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_concurrency_means_the_default()
    {
        using var harness = new ProgramHarness();

        var result = await harness.RunAsync(["--check-config", "--lean-url", "http://127.0.0.1:5052", "--poll-concurrency", "0"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("64 (asked 0)", "flag --poll-concurrency"), result.Setting("poll-concurrency"));
    }

    [Fact]
    public async Task Lean_url_credentials_are_masked_in_settings_and_upstreams()
    {
        using var harness = new ProgramHarness();
        harness.Variables["LEANPOINT_LEAN_URL"] = "https://user:pa55@127.0.0.1:5052";

        var result = await harness.RunAsync(["--check-config"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("https://***@127.0.0.1:5052", "env LEANPOINT_LEAN_URL"), result.Setting("lean-url"));
        Assert.Contains("https://***@127.0.0.1:5052/", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("user", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_config_fixture_checks_out_with_ten_upstreams()
    {
        using var harness = new ProgramHarness();
        var fixture = Configuration.RepositoryFiles.Fixture("local-devnet.validator-config.yaml");

        var result = await harness.RunAsync(["--check-config", "--upstreams-config", fixture]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"upstreams: 10 from lean-quickstart validator-config.yaml {fixture}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  grandine_0    grandine    http://127.0.0.1:8086/", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_check_config_describes_the_devnet_without_starting_it()
    {
        using var harness = new ProgramHarness();
        var launcher = new FakeDemoDevnetLauncher();

        var result = await harness.RunAsync(["--check-config", "--demo"], launcher);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("8", "flag --demo"), result.Setting("demo"));
        Assert.Contains("upstreams: demo devnet of 8 simulated nodes", result.Stdout, StringComparison.Ordinal);
        Assert.Null(launcher.Started);
    }

    [Fact]
    public async Task Demo_runs_against_the_launched_devnet_and_stops_gracefully_with_exit_0()
    {
        using var harness = new ProgramHarness();
        var launcher = new FakeDemoDevnetLauncher();
        var probe = new StartupProbe();
        using var stop = new CancellationTokenSource();

        var run = harness.RunAsync(
            ["--demo", "3", "--demo-slot-ms", "250", "--bind", "127.0.0.1", "--port", "0", "--poll-ms", "60000"],
            launcher,
            probe.Attach,
            stop.Token);
        await probe.Started.Task.WaitAsync(Guard);

        var upstreams = await probe.UpstreamSource!.GetCurrentAsync(CancellationToken.None);
        Assert.Equal(["sim_0", "sim_1", "sim_2"], upstreams.Upstreams.Select(u => u.Name));
        Assert.Equal(3, launcher.Nodes);
        Assert.Equal(TimeSpan.FromMilliseconds(250), launcher.SlotDuration);
        Assert.Same(probe.TimeProvider, launcher.TimeProvider);
        Assert.False(launcher.Started!.Disposed);

        await stop.CancelAsync();
        var result = await run.WaitAsync(Guard);

        Assert.Equal(0, result.ExitCode);
        Assert.True(launcher.Started.Disposed);
    }

    [Fact]
    public async Task Upstreams_file_run_uses_a_hot_reloading_source()
    {
        using var harness = new ProgramHarness();
        var file = harness.File("upstreams.json", """{"upstreams":[{"name":"zeam_0","url":"http://127.0.0.1:9"}]}""");
        var probe = new StartupProbe();
        using var stop = new CancellationTokenSource();

        var run = harness.RunAsync(["--upstreams-config", file, "--bind", "127.0.0.1", "--port", "0", "--poll-ms", "60000"], null, probe.Attach, stop.Token);
        await probe.Started.Task.WaitAsync(Guard);

        var source = Assert.IsType<FileUpstreamSource>(probe.UpstreamSource);
        Assert.Equal(file, source.Path);
        await stop.CancelAsync();
        Assert.Equal(0, (await run.WaitAsync(Guard)).ExitCode);
    }

    [Fact]
    public async Task The_host_polls_the_upstream_list_the_check_chose()
    {
        // The check picks the --lean-url flag over the container's LEANPOINT_UPSTREAMS_CONFIG; the host must agree.
        using var harness = new ProgramHarness();
        harness.Variables["LEANPOINT_UPSTREAMS_CONFIG"] = Path.Combine(harness.Directory, "not-mounted.json");
        harness.AppSettings("""{ "Monitor": { "PollMs": 60000 } }""");
        var probe = new StartupProbe();
        using var stop = new CancellationTokenSource();

        var run = harness.RunAsync(["--lean-url", "http://127.0.0.1:9", "--bind", "127.0.0.1", "--port", "0"], null, probe.Attach, stop.Token);
        await probe.Started.Task.WaitAsync(Guard);

        var source = Assert.IsType<StaticUpstreamSource>(probe.UpstreamSource);
        var upstream = Assert.Single(source.Upstreams.Upstreams);
        Assert.Equal(new Uri("http://127.0.0.1:9"), upstream.Url);
        Assert.Equal("flag --lean-url (single upstream)", source.Upstreams.Origin);
        Assert.Equal(60_000, probe.Polling!.PollMs);
        await stop.CancelAsync();
        Assert.Equal(0, (await run.WaitAsync(Guard)).ExitCode);
    }

    [Fact]
    public async Task Port_in_use_is_one_clear_line_and_exit_1()
    {
        using var harness = new ProgramHarness();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await harness.RunAsync(["--bind", "127.0.0.1", "--port", $"{port}", "--lean-url", "http://127.0.0.1:9"])
            .WaitAsync(Guard);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("already in use", line, StringComparison.Ordinal);
    }

    /// <summary>Captures services of the running host and signals once it has started.</summary>
    private sealed class StartupProbe
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IUpstreamSource? UpstreamSource { get; private set; }

        public TimeProvider? TimeProvider { get; private set; }

        public PollingOptions? Polling { get; private set; }

        public void Attach(WebApplicationBuilder builder) =>
            builder.Services.AddHostedService(services => new ProbeService(this, services));

        private sealed class ProbeService(StartupProbe probe, IServiceProvider services) : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken)
            {
                probe.UpstreamSource = services.GetRequiredService<IUpstreamSource>();
                probe.TimeProvider = services.GetRequiredService<TimeProvider>();
                probe.Polling = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PollingOptions>>().Value;
                services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => probe.Started.TrySetResult());
                return Task.CompletedTask;
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
    }
}
