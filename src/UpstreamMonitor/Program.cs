using UpstreamMonitor.Hosting;

return await MonitorProgram.RunAsync(args, Console.Out, Console.Error, new SimulatedDemoDevnetLauncher(), CancellationToken.None);

/// <summary>Entry point type, visible to WebApplicationFactory.</summary>
public partial class Program;
