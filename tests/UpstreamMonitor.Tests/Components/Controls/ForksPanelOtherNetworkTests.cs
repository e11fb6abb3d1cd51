using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Controls;

public sealed class ForksPanelOtherNetworkTests
{
    [Fact]
    public void Another_networks_group_is_labelled_so_and_not_painted_as_a_fork()
    {
        var role = ForksPanel.RoleOf(new ForkGroup(4, DashboardSnapshots.Root(4), ["zeam_1"], false, ConsensusStanding.OtherNetwork));

        Assert.Equal("other network", role.Label);
        Assert.False(role.Warn);
        Assert.NotEqual("minority", role.CssClass);
    }
}
