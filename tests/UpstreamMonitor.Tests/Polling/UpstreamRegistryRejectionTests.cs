using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Tests.Http;
using UpstreamMonitor.Tests.Polling.Support;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Polling;

/// <summary>The registry is the checkpoint-rejection sink: a rejected pair is that upstream's last error.</summary>
public sealed class UpstreamRegistryRejectionTests
{
    private static readonly UpstreamDefinition Ream = UpstreamDefinition.Create("ream_0", new Uri("http://127.0.0.1:5052/"));

    [Fact]
    public void A_rejected_checkpoint_is_the_upstreams_last_error_until_its_pair_verifies()
    {
        var registry = new UpstreamRegistry(new ListLogger<UpstreamRegistry>());
        registry.Reconcile(new UpstreamSet([Ream], "test"));
        const string Message = "checkpoint state does not match finalized root 0xaa: hash_tree_root 0xbb (block root 0xcc)";

        ((ICheckpointRejectionSink)registry).Rejected("ream_0", Message);
        registry.Apply(Round(), 1);
        var rejected = Assert.Single(registry.Rows());
        registry.Verified("ream_0");
        registry.Apply(Round(), 2);
        var verified = Assert.Single(registry.Rows());

        Assert.True(rejected.Healthy);
        Assert.Equal(Message, rejected.LastError);
        Assert.Null(verified.LastError);
    }

    [Fact]
    public async Task The_host_wires_the_registry_as_the_rejection_sink()
    {
        await using var host = await KestrelMonitorHost.StartAsync(keepCheckpointSync: true);

        Assert.IsType<UpstreamRegistry>(host.Services.GetRequiredService<ICheckpointRejectionSink>());
    }

    private static PollRoundResult Round()
    {
        var at = TestSnapshots.Start;
        var forkChoice = new ForkChoiceSnapshot(TestSnapshots.Root(44), 44, new Checkpoint(40, TestSnapshots.Root(40)), new Checkpoint(36, TestSnapshots.Root(36)), null, 4, 8);
        var outcome = PollOutcome.FromForkChoice(forkChoice, false, TimeSpan.FromMilliseconds(5), at);
        return new PollRoundResult([new PollRoundEntry(Ream, PollDisposition.Completed, outcome)], default!, at, at, 1, 1, 0, 0, 0, 0);
    }
}
