using BenchmarkDotNet.Attributes;
using UpstreamMonitor.Ssz;
using UpstreamMonitor.Ssz.Forks;

namespace UpstreamMonitor.Benchmarks.Micro;

/// <summary>
/// hash_tree_root of a 16 MiB lstar State, as checkpoint-sync verification computes it on every download: 2^18
/// block hashes, 2^18 - 2^14 justification roots, 4,096 validators and full bitlists (16,777,216 bytes encoded).
/// </summary>
[MemoryDiagnoser]
public class StateHashingBenchmarks
{
    private byte[] _state = [];

    public static byte[] CreateState()
    {
        const int roots = 1 << 18;
        var historical = new byte[roots * 32];
        Random.Shared.NextBytes(historical);
        var justificationRoots = new byte[(roots - (1 << 14)) * 32];
        Random.Shared.NextBytes(justificationRoots);
        var validators = new byte[(int)Lstar.ValidatorRegistryLimit * Lstar.ValidatorLength];
        Random.Shared.NextBytes(validators);
        var slots = new byte[roots / 8];
        Random.Shared.NextBytes(slots);

        // Fill the rest to exactly 16 MiB with the justification votes bitlist.
        var fixedAndLists = Lstar.StateFixedLength + historical.Length + slots.Length + 1 + validators.Length + justificationRoots.Length;
        var votes = new byte[(16 * 1024 * 1024) - fixedAndLists - 1];
        Random.Shared.NextBytes(votes);
        return LstarEncoder.State(new LstarStateFields(
            1_767_225_600,
            roots,
            LstarEncoder.BlockHeader(roots, 1, new byte[32], new byte[32], new byte[32]),
            LstarEncoder.Checkpoint(new byte[32], roots - 2),
            LstarEncoder.Checkpoint(new byte[32], roots - 4),
            historical,
            new SszBits(slots, roots),
            validators,
            justificationRoots,
            new SszBits(votes, (ulong)votes.Length * 8)));
    }

    [GlobalSetup]
    public void Setup()
    {
        _state = CreateState();
        if (_state.Length != 16 * 1024 * 1024 || !Lstar.TryHashState(_state, new byte[32], out var error))
        {
            throw new InvalidOperationException($"The synthetic state is {_state.Length} bytes or does not decode.");
        }
    }

    [Benchmark(Description = "hash_tree_root(State), 16 MiB")]
    public byte HashState()
    {
        Span<byte> root = stackalloc byte[32];
        return Lstar.TryHashState(_state, root, out _) ? root[0] : (byte)0;
    }
}
