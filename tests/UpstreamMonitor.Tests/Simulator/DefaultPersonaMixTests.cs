using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

public sealed class DefaultPersonaMixTests
{
    [Fact]
    public void The_eight_node_demo_has_one_hung_one_booting_one_zeam_shape_and_five_healthy()
    {
        var personas = DefaultPersonaMix.Assign(8, seed: 1);

        Assert.Equal(Persona.ZeamShape, personas[0]);
        Assert.Single(personas, Persona.Hung);
        Assert.Single(personas, Persona.Booting);
        Assert.Equal(5, personas.Count(p => p == Persona.Healthy));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(8, 2)]
    [InlineData(16, 5)]
    [InlineData(1000, 5)]
    public void Faulty_nodes_stay_under_a_third_and_at_most_five(int nodes, int faulty)
    {
        var personas = DefaultPersonaMix.Assign(nodes, seed: 3);

        var agreeing = personas.Count(p => p is Persona.Healthy or Persona.ZeamShape);
        Assert.Equal(faulty, nodes - agreeing);
        Assert.Equal(faulty, DefaultPersonaMix.FaultyCount(nodes));
        Assert.True(agreeing * 3 > nodes * 2, $"{agreeing} of {nodes} agree");
        Assert.Equal(DefaultPersonaMix.FaultyOrder.Take(faulty).Order(), personas.Where(p => p is not (Persona.Healthy or Persona.ZeamShape)).Order());
    }

    [Fact]
    public void Placement_follows_the_seed()
    {
        Assert.Equal(DefaultPersonaMix.Assign(64, seed: 42), DefaultPersonaMix.Assign(64, seed: 42));
        Assert.NotEqual(DefaultPersonaMix.Assign(64, seed: 42), DefaultPersonaMix.Assign(64, seed: 43));
    }

    [Fact]
    public void Names_cycle_through_the_clients_with_a_per_client_index()
    {
        var names = Enumerable.Range(0, 10).Select(NodeNames.NameOf);

        Assert.Equal(
            ["zeam_0", "ream_0", "qlean_0", "lantern_0", "ethlambda_0", "grandine_0", "gean_0", "nlean_0", "zeam_1", "ream_1"],
            names);
        Assert.Equal("grandine", NodeNames.ClientOf(13));
    }
}
