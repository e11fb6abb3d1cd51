using UpstreamMonitor.Configuration;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Configuration;

/// <summary>Each feature's rules, run as the host runs them (IValidateOptions) and as the entry point does (Check).</summary>
public sealed class OptionsRulesTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new PollingOptionsRules().Validate(null, new PollingOptions()).Succeeded);
        Assert.True(new MonitorHostOptionsRules().Validate(null, new MonitorHostOptions()).Succeeded);
        Assert.True(new UpstreamsOptionsRules().Validate(null, new UpstreamsOptions()).Succeeded);
        Assert.True(new ConsensusOptionsRules().Validate(null, new ConsensusOptions()).Succeeded);
        Assert.True(new CheckpointSyncOptionsRules().Validate(null, new CheckpointSyncOptions()).Succeeded);
    }

    [Fact]
    public void Failures_name_the_key_the_flag_and_the_variable()
    {
        var polling = new PollingOptionsRules().Validate(null, new PollingOptions { PollMs = 0 });
        var host = new MonitorHostOptionsRules().Validate(null, new MonitorHostOptions { Port = -1, LogFormat = "xml" });

        Assert.True(polling.Failed);
        Assert.Contains("Monitor:PollMs (--poll-ms, LEANPOINT_POLL_MS): must be at least 1 ms", polling.Failures!);
        Assert.Contains("Monitor:Port (--port, LEANPOINT_BIND_PORT): -1 is not a TCP port (0-65535)", host.Failures!);
        Assert.Contains("Monitor:LogFormat (--log-format, LEANPOINT_LOG_FORMAT): 'xml' is not a log format (text or json)", host.Failures!);
    }

    [Fact]
    public void Clamped_concurrency_is_a_warning_not_a_failure()
    {
        var options = new PollingOptions { PollConcurrency = 5000 };
        var rules = new PollingOptionsRules();

        Assert.True(rules.Validate(null, options).Succeeded);
        Assert.Equal(256, options.GateCapacity);
        var warning = Assert.Single(rules.Check(options));
        Assert.Equal(ConfigurationIssueSeverity.Warning, warning.Severity);
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(-3, 64)]
    [InlineData(1, 1)]
    [InlineData(256, 256)]
    [InlineData(257, 256)]
    public void The_gate_capacity_is_the_one_clamp_of_the_concurrency(int asked, int capacity) =>
        Assert.Equal(capacity, new PollingOptions { PollConcurrency = asked }.GateCapacity);

    [Fact]
    public void Inline_upstreams_are_checked()
    {
        var options = new UpstreamsOptions
        {
            Upstreams = [new UpstreamEntry { Name = "zeam_0", Url = "zeam:5051" }],
        };

        var result = new UpstreamsOptionsRules().Validate(null, options);

        Assert.Contains("Monitor:Upstreams:0 (zeam_0): url 'zeam:5051' is not an absolute http(s) URL", result.Failures!);
    }

    [Fact]
    public void Lean_url_with_credentials_is_masked_in_the_failure()
    {
        var result = new UpstreamsOptionsRules().Validate(null, new UpstreamsOptions { LeanUrl = "tcp://admin:hunter2@127.0.0.1:5052" });

        var failure = Assert.Single(result.Failures!);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
        Assert.Contains("tcp://***@127.0.0.1:5052", failure, StringComparison.Ordinal);
    }
}
