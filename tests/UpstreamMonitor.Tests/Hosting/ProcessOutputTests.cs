using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UpstreamMonitor.Tests.Hosting;

/// <summary>The built product as a child process: what an operator sees on the bad day, exactly and briefly.</summary>
public sealed class ProcessOutputTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_mistyped_flag_is_one_error_line_then_see_help_and_exit_2()
    {
        var result = await RunAsync("--pol-ms", "4000");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown flag '--pol-ms' (did you mean --poll-ms?)\nsee --help\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_on_stderr_nothing_else_and_exit_1()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        // A reachable-looking upstream: had polling started before the bind, its round would log (and fail) here.
        var result = await RunAsync("--bind", "127.0.0.1", "--port", port, "--lean-url", "http://127.0.0.1:9", "--poll-ms", "100");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"error: cannot listen on 127.0.0.1:{port}: the address is already in use " +
            "(another process holds it; choose another with --port or LEANPOINT_BIND_PORT)\n",
            result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "UpstreamMonitor.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(patience.Token);
            var stderr = process.StandardError.ReadToEndAsync(patience.Token);
            await process.WaitForExitAsync(patience.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
