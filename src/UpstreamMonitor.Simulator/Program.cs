using System.Runtime.InteropServices;
using UpstreamMonitor.Simulator;

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return await SimulatorProgram.RunAsync(args, Console.Out, Console.Error, stop.Token);
