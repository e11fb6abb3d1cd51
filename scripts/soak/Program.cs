using System.Runtime.InteropServices;
using UpstreamMonitor.Soak;

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    // Ctrl+C ends the soak early but still writes the report over what was sampled.
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

if (!SoakOptions.TryParse(args, out var options, out var error))
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync(SoakOptions.Usage);
    return 2;
}

return await SoakRun.RunAsync(options, Console.Out, TimeProvider.System, stop.Token);
