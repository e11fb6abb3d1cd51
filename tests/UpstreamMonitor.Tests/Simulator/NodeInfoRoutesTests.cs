using System.Net;
using UpstreamMonitor.Simulator;

namespace UpstreamMonitor.Tests.Simulator;

/// <summary>The optional node routes served as the real clients serve them: ethlambda and ream answer, the rest 404.</summary>
public sealed class NodeInfoRoutesTests
{
    [Fact]
    public async Task Ethlambda_serves_identity_syncing_and_genesis_ream_its_version_and_zeam_none()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(5, DevnetTestClient.NewClock()), CancellationToken.None);
        var (zeam, ream, ethlambda) = (devnet.Nodes[0], devnet.Nodes[1], devnet.Nodes[4]);
        Assert.Equal(("zeam", "ream", "ethlambda"), (zeam.Client, ream.Client, ethlambda.Client));
        using var http = DevnetTestClient.NewHttpClient();

        var identity = await http.GetJsonAsync(ethlambda, "/lean/v0/node/identity");
        Assert.StartsWith("ethlambda/", identity.GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(identity.GetProperty("peer_id").GetString()));
        var syncing = await http.GetJsonAsync(ethlambda, "/lean/v0/node/syncing");
        Assert.False(syncing.GetProperty("is_syncing").GetBoolean());
        Assert.Equal(0, syncing.GetProperty("sync_distance").GetInt64());
        var genesis = await http.GetJsonAsync(ethlambda, "/lean/v0/genesis");
        Assert.True(genesis.GetProperty("genesis_time").GetInt64() > 0);
        Assert.StartsWith("ream/", (await http.GetJsonAsync(ream, "/lean/v0/node/version")).GetProperty("version").GetString(), StringComparison.Ordinal);

        foreach (var (node, path) in new[]
        {
            (zeam, "/lean/v0/node/identity"), (zeam, "/lean/v0/node/version"), (zeam, "/lean/v0/node/syncing"), (zeam, "/lean/v0/genesis"),
            (ream, "/lean/v0/node/identity"), (ethlambda, "/lean/v0/node/version"),
        })
        {
            using var response = await http.GetAsync(node, path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{node.Name} {path}: {response.StatusCode}");
        }

        Assert.Equal(3, devnet.Traffic[LeanRoute.NodeIdentity].Requests);
        Assert.Equal(2, devnet.Traffic[LeanRoute.Genesis].Requests);
    }

    [Fact]
    public async Task The_other_network_persona_serves_a_genesis_a_day_later_whatever_its_client_and_a_laggard_says_it_syncs()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(13, DevnetTestClient.NewClock(), [.. Enumerable.Repeat(Persona.Healthy, 12), Persona.Laggard]),
            CancellationToken.None);
        devnet.SetPersona(0, Persona.OtherNetwork);
        using var http = DevnetTestClient.NewHttpClient();

        var own = (await http.GetJsonAsync(devnet.Nodes[4], "/lean/v0/genesis")).GetProperty("genesis_time").GetInt64();
        var other = (await http.GetJsonAsync(devnet.Nodes[0], "/lean/v0/genesis")).GetProperty("genesis_time").GetInt64();
        Assert.Equal(86_400, other - own);

        // ethlambda_1 trails the devnet: its own syncing route says so.
        var laggard = await http.GetJsonAsync(devnet.Nodes[12], "/lean/v0/node/syncing");
        Assert.Equal("ethlambda", devnet.Nodes[12].Client);
        Assert.True(laggard.GetProperty("is_syncing").GetBoolean());
        Assert.True(laggard.GetProperty("sync_distance").GetInt64() > 0);
    }
}
