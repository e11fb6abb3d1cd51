namespace UpstreamMonitor.Hosting;

/// <summary>The process: parse the command line and environment, validate, then run (or print and exit).</summary>
public static class MonitorProgram
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        await using var app = MonitorApplication.Build([]);
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
