namespace UpstreamMonitor.Simulator;

/// <summary>The standalone simulator: start the devnet, print its nodes, write the upstreams file, run until cancelled.</summary>
public static class SimulatorProgram
{
    /// <summary>Runs the simulator; returns the exit code (0, or 2 for a bad command line or output file).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var commandLine = SimulatorCommandLine.Parse(args, out var error);
        if (commandLine is null)
        {
            await stderr.WriteLineAsync($"error: {error}");
            await stderr.WriteLineAsync(SimulatorCommandLine.Usage);
            return 2;
        }

        if (commandLine.ShowHelp)
        {
            await stdout.WriteLineAsync(SimulatorCommandLine.Usage);
            return 0;
        }

        await using var devnet = await SimulatedDevnet.StartAsync(commandLine.Options, cancellationToken);
        await stdout.WriteLineAsync(
            $"Simulated devnet: {devnet.Nodes.Count} nodes, slot {commandLine.Options.SlotDuration.TotalMilliseconds:0} ms, head slot {devnet.CurrentSlot}, seed {commandLine.Options.Seed}");
        foreach (var node in devnet.Nodes)
        {
            await stdout.WriteLineAsync($"{node.Name,-14} {node.Persona,-16} {SimulatedDevnet.UpstreamUrl(node)}");
        }

        if (commandLine.UpstreamsPath is { } path)
        {
            try
            {
                await devnet.WriteUpstreamsJsonAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: cannot write --write-upstreams file '{path}': {e.Message}");
                return 2;
            }

            await stdout.WriteLineAsync($"Wrote {path}: point the monitor at it with --upstreams-config {path}");
        }

        await stdout.WriteLineAsync("Running; press Ctrl+C to stop.");
        await stdout.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: dispose the devnet and exit 0.
        }

        return 0;
    }
}
