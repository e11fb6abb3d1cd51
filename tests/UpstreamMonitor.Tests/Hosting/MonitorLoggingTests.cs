using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Parsing;
using UpstreamMonitor.Hosting;

namespace UpstreamMonitor.Tests.Hosting;

public sealed class MonitorLoggingTests
{
    private static readonly LogEvent Sample = new(
        new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        LogEventLevel.Warning,
        null,
        new MessageTemplateParser().Parse("Upstream {Name} timed out after {Ms} ms"),
        [
            new LogEventProperty("Name", new ScalarValue("zeam_0")),
            new LogEventProperty("Ms", new ScalarValue(5000)),
            new LogEventProperty("SourceContext", new ScalarValue("UpstreamMonitor.Polling.Poller")),
        ]);

    [Fact]
    public void Json_format_writes_one_compact_json_object_per_event()
    {
        using var output = new StringWriter();

        MonitorLogging.CreateFormatter("json").Format(Sample, output);

        var line = output.ToString().TrimEnd('\n', '\r');
        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Upstream \"zeam_0\" timed out after 5000 ms", json.RootElement.GetProperty("@m").GetString());
        Assert.Equal("Warning", json.RootElement.GetProperty("@l").GetString());
        Assert.Equal("zeam_0", json.RootElement.GetProperty("Name").GetString());
    }

    [Fact]
    public void Text_format_is_one_readable_line()
    {
        using var output = new StringWriter();

        MonitorLogging.CreateFormatter("text").Format(Sample, output);

        Assert.Matches(@"^\[\d\d:\d\d:\d\d WRN\] UpstreamMonitor.Polling.Poller: Upstream zeam_0 timed out after 5000 ms\r?\n$", output.ToString());
    }

    [Fact]
    public async Task Appsettings_level_overrides_reach_the_host_logger()
    {
        // The top-level appsettings.json is copied next to the host (and these tests): the host must honour its
        // Serilog overrides, or Polly's per-request timeout logs (at Error) would flood the console.
        await using var app = MonitorApplication.Build([new("Monitor:Port", "0"), new("Monitor:BindAddress", "127.0.0.1")]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Error));
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("UpstreamMonitor.Polling.Poller").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("UpstreamMonitor.Polling.Poller").IsEnabled(LogLevel.Debug));
    }
}
