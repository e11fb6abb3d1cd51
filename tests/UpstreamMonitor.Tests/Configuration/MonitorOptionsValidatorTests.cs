using UpstreamMonitor.Configuration;

namespace UpstreamMonitor.Tests.Configuration;

public sealed class MonitorOptionsValidatorTests
{
    private readonly MonitorOptionsValidator _validator = new();

    [Fact]
    public void Defaults_are_valid() => Assert.True(_validator.Validate(null, new MonitorOptions()).Succeeded);

    [Fact]
    public void Failures_name_the_key_the_flag_and_the_variable()
    {
        var result = _validator.Validate(null, new MonitorOptions { PollMs = 0, Port = -1, LogFormat = "xml" });

        Assert.True(result.Failed);
        Assert.Contains("Monitor:PollMs (--poll-ms, LEANPOINT_POLL_MS): must be at least 1 ms", result.Failures!);
        Assert.Contains("Monitor:Port (--port, LEANPOINT_BIND_PORT): -1 is not a TCP port (0-65535)", result.Failures!);
        Assert.Contains("Monitor:LogFormat (--log-format, LEANPOINT_LOG_FORMAT): 'xml' is not a log format (text or json)", result.Failures!);
    }

    [Fact]
    public void Clamped_concurrency_is_a_warning_not_a_failure()
    {
        var options = new MonitorOptions { PollConcurrency = 5000 };

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(256, options.EffectivePollConcurrency);
        var warning = Assert.Single(MonitorOptionsRules.Check(options));
        Assert.Equal(ConfigurationIssueSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Inline_upstreams_are_checked()
    {
        var options = new MonitorOptions
        {
            Upstreams = [new UpstreamEntry { Name = "zeam_0", Url = "zeam:5051" }],
        };

        var result = _validator.Validate(null, options);

        Assert.Contains("Monitor:Upstreams:0 (zeam_0): url 'zeam:5051' is not an absolute http(s) URL", result.Failures!);
    }

    [Fact]
    public void Lean_url_with_credentials_is_masked_in_the_failure()
    {
        var result = _validator.Validate(null, new MonitorOptions { LeanUrl = "tcp://admin:hunter2@127.0.0.1:5052" });

        var failure = Assert.Single(result.Failures!);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
        Assert.Contains("tcp://***@127.0.0.1:5052", failure, StringComparison.Ordinal);
    }
}
