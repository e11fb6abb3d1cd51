using UpstreamMonitor.Ssz;
using UpstreamMonitor.Ssz.Forks;

namespace UpstreamMonitor.Tests.Ssz;

/// <summary>The inputs of lstar_roots.py, built with <see cref="LstarEncoder"/>: same patterns, same order.</summary>
internal static class LstarSamples
{
    public static byte[] Fill(byte value, int length) => Enumerable.Repeat(value, length).ToArray();

    public static byte[] Pattern(int seed, int length) => Enumerable.Range(0, length).Select(j => (byte)((seed * 7) + j)).ToArray();

    public static byte[] Checkpoint(byte root, ulong slot) => LstarEncoder.Checkpoint(Fill(root, 32), slot);

    public static byte[] Validator(int index) => LstarEncoder.Validator(Pattern(index, 52), Pattern(index + 100, 52), (ulong)index);

    /// <summary>Bit i set when i % every == 0, for <paramref name="length"/> bits.</summary>
    public static SszBits Bits(int length, int every)
    {
        var packed = new byte[(length + 7) / 8];
        for (var i = 0; i < length; i += every)
        {
            packed[i / 8] |= (byte)(1 << (i % 8));
        }

        return new SszBits(packed, (ulong)length);
    }

    public static byte[] AttestationData()
    {
        var data = new byte[Lstar.AttestationDataLength];
        BitConverter.TryWriteBytes(data.AsSpan(0, 8), 9UL);
        Checkpoint(1, 9).CopyTo(data, 8);
        Checkpoint(2, 8).CopyTo(data, 48);
        Checkpoint(3, 6).CopyTo(data, 88);
        return data;
    }

    public static byte[] State(ulong slot, int historical, int justifiedSlots, int validators, int justificationRoots, int justificationVotes) =>
        LstarEncoder.State(new LstarStateFields(
            GenesisTime: 1_767_225_600,
            Slot: slot,
            LatestBlockHeader: LstarEncoder.BlockHeader(slot, 2, Fill(0xAA, 32), new byte[32], Fill(0xBB, 32)),
            LatestJustified: Checkpoint(0xCC, 8),
            LatestFinalized: Checkpoint(0xDD, 6),
            HistoricalBlockHashes: Enumerable.Range(0, historical).SelectMany(i => Pattern(i, 32)).ToArray(),
            JustifiedSlots: Bits(justifiedSlots, 3),
            Validators: Enumerable.Range(0, validators).SelectMany(Validator).ToArray(),
            JustificationsRoots: Enumerable.Range(0, justificationRoots).SelectMany(_ => Fill(0xEE, 32)).ToArray(),
            JustificationsValidators: Bits(justificationVotes, 2)));

    public static byte[] SignedBlock(ulong proposer, IReadOnlyList<LstarAttestationFields> attestations, byte[]? proof = null) =>
        LstarEncoder.SignedBlock(12, proposer, Fill(0x44, 32), Fill(0x55, 32), attestations, proof ?? Pattern(9, 100));
}
