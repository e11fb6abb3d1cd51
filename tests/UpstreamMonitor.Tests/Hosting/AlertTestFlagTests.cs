using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UpstreamMonitor.Tests.Hosting;

/// <summary><c>--alert-test</c> through the entry point: the one-line webhook from the environment, as an operator runs it.</summary>
public sealed class AlertTestFlagTests : IDisposable
{
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public void Dispose()
    {
        _receiver.Stop();
        _receiver.Dispose();
    }

    [Theory]
    [InlineData(200, 0)]
    [InlineData(500, 1)]
    public async Task Sends_one_test_alert_to_the_webhook_from_LEANPOINT_ALERT_WEBHOOK_and_exits_by_its_answer(int status, int exitCode)
    {
        _receiver.Given(Request.Create().UsingPost().WithPath("/hook")).RespondWith(Response.Create().WithStatusCode(status));
        using var harness = new ProgramHarness("""{"Monitor":{"Alerts":{"MaxRetries":0}}}""");
        harness.Variables["LEANPOINT_ALERT_WEBHOOK"] = $"http://ops:s3cret@127.0.0.1:{_receiver.Ports[0]}/hook";

        var result = await harness.RunAsync(["--alert-test", "--lean-url", "http://127.0.0.1:9"]);

        Assert.Equal(exitCode, result.ExitCode);
        var request = Assert.Single(_receiver.LogEntries).RequestMessage!;
        Assert.Contains("alert_test", request.Body ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("webhook", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_names_a_bad_receiver_entry_and_exits_2()
    {
        using var harness = new ProgramHarness("""{"Monitor":{"Alerts":{"Receivers":[{"Name":"ops","Kind":"slack"}]}}}""");

        var result = await harness.RunAsync(["--check-config", "--lean-url", "http://127.0.0.1:9"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Monitor:Alerts:Receivers:0", result.Stderr, StringComparison.Ordinal);
    }
}
