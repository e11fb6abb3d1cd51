using System.Net;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Ssz.Forks;
using Checkpoint = UpstreamMonitor.LeanApi.Checkpoint;

namespace UpstreamMonitor.Tests.Simulator;

/// <summary>
/// The simulator serves real lstar SSZ: every root is checked here with the monitor's own decoder and merkleization
/// (a separate compilation of the same source than the simulator's, called from the monitor's assembly).
/// </summary>
public sealed class SimulatedSszTests
{
    [Theory]
    [InlineData(Persona.Healthy, 4096L)]
    [InlineData(Persona.MinorityFork, 4096L)]
    [InlineData(Persona.Healthy, 16L << 20)]
    public async Task The_finalized_block_and_state_hash_to_the_fork_choice_finalized_root(Persona persona, long stateBytes)
    {
        var clock = DevnetTestClient.NewClock();
        var options = DevnetTestClient.Options(2, clock, Persona.Healthy, persona);
        options.StateSizeBytes = stateBytes;
        options.StatePrefixHold = TimeSpan.Zero;
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();
        var node = devnet.Nodes[1];

        // Twice, a few slots apart: roots are chained per slot, not only right at the start.
        for (var round = 0; round < 2; round++)
        {
            var (finalized, block, state) = await DownloadAsync(http, node);

            Assert.Equal(stateBytes, state.Length);
            Assert.True(Lstar.TryReadSignedBlock(block, out var blockSummary, out var blockError), blockError);
            Assert.True(Lstar.TryReadState(state, out var stateSummary, out var stateError), stateError);
            Assert.Equal(finalized.Root, blockSummary!.Root);
            Assert.Equal(blockSummary.StateRoot, stateSummary!.Root);
            Assert.Equal(finalized.Root, stateSummary.BlockRoot);
            Assert.Equal((ulong)finalized.Slot, stateSummary.Slot);
            Assert.Equal(devnet.Chain.BlockRoot(finalized.Slot, persona == Persona.MinorityFork), finalized.Root);
            Assert.Equal(devnet.Chain.StateRoot(finalized.Slot, persona == Persona.MinorityFork), stateSummary.Root);
            clock.Advance(devnet.Chain.SlotDuration * 3);
        }
    }

    [Fact]
    public async Task The_minority_fork_has_other_roots_from_the_fork_slot_on()
    {
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(1, DevnetTestClient.NewClock()), CancellationToken.None);
        var chain = devnet.Chain;

        Assert.Equal(chain.BlockRoot(chain.ForkSlot - 1), chain.BlockRoot(chain.ForkSlot - 1, minorityFork: true));
        Assert.NotEqual(chain.BlockRoot(chain.ForkSlot), chain.BlockRoot(chain.ForkSlot, minorityFork: true));
        Assert.NotEqual(chain.StateRoot(chain.StartSlot), chain.StateRoot(chain.StartSlot, minorityFork: true));
    }

    [Fact]
    public async Task A_wrong_state_root_node_serves_valid_ssz_of_another_root()
    {
        var (finalized, block, state) = await DownloadFromPersonaAsync(Persona.WrongStateRoot);

        Assert.True(Lstar.TryReadSignedBlock(block, out var blockSummary, out var blockError), blockError);
        Assert.True(Lstar.TryReadState(state, out var stateSummary, out var stateError), stateError);
        Assert.Equal(finalized.Root, blockSummary!.Root);
        Assert.Equal((ulong)finalized.Slot, stateSummary!.Slot);
        Assert.NotEqual(blockSummary.StateRoot, stateSummary.Root);
    }

    [Fact]
    public async Task A_truncated_state_node_stops_halfway_and_the_half_does_not_decode()
    {
        var (_, _, state) = await DownloadFromPersonaAsync(Persona.TruncatedState);

        Assert.Equal(2048, state.Length);
        Assert.False(Lstar.TryReadState(state, out _, out var error));
        Assert.Contains("outside", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mismatched_pair_node_serves_the_state_of_the_next_slot()
    {
        var (finalized, block, state) = await DownloadFromPersonaAsync(Persona.MismatchedPair);

        Assert.True(Lstar.TryReadSignedBlock(block, out var blockSummary, out _));
        Assert.True(Lstar.TryReadState(state, out var stateSummary, out var error), error);
        Assert.Equal(finalized.Root, blockSummary!.Root);
        Assert.Equal((ulong)finalized.Slot + 1, stateSummary!.Slot);
        Assert.NotEqual(blockSummary.StateRoot, stateSummary.Root);
    }

    private static async Task<(Checkpoint Finalized, byte[] Block, byte[] State)> DownloadFromPersonaAsync(Persona persona)
    {
        var options = DevnetTestClient.Options(1, DevnetTestClient.NewClock(), persona);
        options.StatePrefixHold = TimeSpan.Zero;
        await using var devnet = await SimulatedDevnet.StartAsync(options, CancellationToken.None);
        using var http = DevnetTestClient.NewHttpClient();
        return await DownloadAsync(http, devnet.Nodes[0]);
    }

    private static async Task<(Checkpoint Finalized, byte[] Block, byte[] State)> DownloadAsync(HttpClient http, SimulatedNode node)
    {
        var forkChoice = await http.GetJsonAsync(node, "/lean/v0/fork_choice");
        var finalized = forkChoice.GetProperty("finalized");
        using var blockResponse = await http.GetAsync(node, "/lean/v0/blocks/finalized", "application/octet-stream");
        Assert.Equal(HttpStatusCode.OK, blockResponse.StatusCode);
        var block = await blockResponse.Content.ReadAsByteArrayAsync();
        using var stateResponse = await http.GetAsync(node, "/lean/v0/states/finalized", "application/octet-stream");
        var state = await ReadAvailableAsync(stateResponse);
        return (new Checkpoint(finalized.GetProperty("slot").GetInt64(), finalized.GetProperty("root").GetString()!), block, state);
    }

    /// <summary>Whatever arrived before the server stopped (a truncated body ends the connection early).</summary>
    private static async Task<byte[]> ReadAvailableAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        using var buffer = new MemoryStream();
        try
        {
            await body.CopyToAsync(buffer);
        }
        catch (HttpRequestException)
        {
            // Content-Length promised more than was sent.
        }
        catch (IOException)
        {
            // Same, surfaced by the transport.
        }

        return buffer.ToArray();
    }
}
