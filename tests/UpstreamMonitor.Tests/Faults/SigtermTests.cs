using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UpstreamMonitor.Tests.Faults;

/// <summary>The built product as a child process: SIGTERM in the middle of a round whose upstreams all hang.</summary>
[Collection(FaultsSuite.Name)]
public sealed class SigtermTests
{
    [Fact]
    public Task Sigterm_during_a_round_exits_0_within_5_seconds() => Task.Run(async () =>
    {
        var servers = Enumerable.Range(0, 4).Select(_ => LoopbackFaultServer.Start(FaultBehaviors.AcceptNoAnswer)).ToList();
        var file = Path.Combine(Path.GetTempPath(), $"sigterm-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{\"upstreams\":[" + string.Join(',', servers.Select((s, i) =>
            $"{{\"name\":\"hung_{i}\",\"url\":\"{s.BaseUrl.AbsoluteUri}\"}}")) + "]}");
        try
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
                     {
                         Path.Combine(AppContext.BaseDirectory, "UpstreamMonitor.dll"), "--upstreams-config", file, "--bind", "127.0.0.1",
                         "--port", port.ToString(CultureInfo.InvariantCulture), "--timeout-ms", "30000", "--poll-ms", "60000",
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                // Mid-round: every upstream has its request in flight (a 30 s timeout, so the round is far from over).
                using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                {
                    while (servers.Any(s => s.Requests.Count == 0))
                    {
                        Assert.False(process.HasExited, "the monitor exited before the round started");
                        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, ready.Token);
                    }
                }

                var sent = TimeProvider.System.GetTimestamp();
                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await kill!.WaitForExitAsync();
                }

                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(patience.Token);
                var elapsed = TimeProvider.System.GetElapsedTime(sent);

                Assert.Equal(0, process.ExitCode);
                Assert.True(elapsed < TimeSpan.FromSeconds(5), $"exit took {elapsed}");
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            File.Delete(file);
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    });

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
