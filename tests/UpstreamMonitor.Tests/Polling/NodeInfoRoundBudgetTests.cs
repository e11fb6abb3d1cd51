using UpstreamMonitor.Configuration;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Tests.Polling.Support;
using static UpstreamMonitor.Tests.Polling.Support.ScriptedLeanApiClient;

namespace UpstreamMonitor.Tests.Polling;

public sealed class NodeInfoRoundBudgetTests
{
    [Fact]
    public void A_round_admits_a_quarter_of_its_capacity_and_at_least_eight_and_never_admits_what_was_not_planned()
    {
        Assert.Equal(NodeInfoRoundBudget.MinPerRound, NodeInfoRoundBudget.For(3).Limit);
        Assert.Equal(64, NodeInfoRoundBudget.For(256).Limit);

        var budget = NodeInfoRoundBudget.For(16);
        Assert.Equal(NodeInfoRoutes.None, budget.Admit(NodeInfoRoutes.None));
        Assert.Equal(NodeInfoRoutes.Genesis, budget.Admit(NodeInfoRoutes.Genesis)); // genesis alone never counts
        var admitted = Enumerable.Range(0, 12).Select(_ => budget.Admit(NodeInfoRoutes.All)).ToArray();

        Assert.Equal(8, admitted.Count(r => r == NodeInfoRoutes.All));
        // Past the budget: genesis still (it decides other network against fork), the rest deferred.
        Assert.All(admitted[8..], r => Assert.Equal(NodeInfoRoutes.Genesis | NodeInfoRoutes.Deferred, r));
        Assert.Equal(NodeInfoRoutes.None, budget.Admit(NodeInfoRoutes.Identity | NodeInfoRoutes.Syncing));
    }

    [Fact]
    public async Task A_cold_fleet_reads_its_node_routes_over_the_first_rounds_not_all_in_the_first()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"n{i}").ToArray();
        var h = new PollHarness(new PollingOptions { TimeoutMs = 1_000, PollConcurrency = 16, IdentityEveryRounds = 100 }, names);
        h.Client.GenesisTime = 1_772_366_400;
        foreach (var name in names)
        {
            h.Client.Answer(name, ForkChoice(40));
        }

        var identity = new List<int>();
        var genesis = new List<int>();
        for (var r = 0; r < 4; r++)
        {
            var (identityBefore, genesisBefore) = (h.Client.IdentityCalls, h.Client.GenesisCalls);
            await h.Engine.RunRoundAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            identity.Add(h.Client.IdentityCalls - identityBefore);
            genesis.Add(h.Client.GenesisCalls - genesisBefore);
            if (r == 0)
            {
                // Every node's genesis from the first round on, so another network is never taken for a fork.
                Assert.All(h.Current.Upstreams, u => Assert.Equal(1_772_366_400, u.GenesisTime));
            }
        }

        // Capacity 16: identity for at most 8 a round, the rest stay due and go next; then nobody until round 100.
        Assert.Equal([8, 8, 4, 0], identity);
        Assert.Equal([20, 0, 0, 0], genesis); // a deferred node is not asked for genesis again while the rest waits
        Assert.All(h.Current.Upstreams, u => Assert.Equal("scripted/v1", u.ClientVersion));
    }
}
