using UpstreamMonitor.Benchmarks.Driver;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await BenchmarkDriver.RunAsync(args, Console.Out, Console.Error, stop.Token);
