using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Benchmarks.Micro;

/// <summary>Decoding the 228-byte fixed part of an SSZ State: what the monitor reads instead of the whole state.</summary>
[MemoryDiagnoser]
public class StatePrefixReadBenchmarks
{
    private readonly byte[] _prefix = new byte[StatePrefix.Length];

    [GlobalSetup]
    public void Setup()
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_prefix, 1_767_225_600);
        BinaryPrimitives.WriteUInt64LittleEndian(_prefix.AsSpan(8), 996);
        BinaryPrimitives.WriteUInt64LittleEndian(_prefix.AsSpan(16), 996);
        _prefix.AsSpan(128, 32).Fill(0xaa);
        BinaryPrimitives.WriteUInt64LittleEndian(_prefix.AsSpan(160), 994);
        _prefix.AsSpan(168, 32).Fill(0xbb);
        BinaryPrimitives.WriteUInt64LittleEndian(_prefix.AsSpan(200), 992);
        BinaryPrimitives.WriteUInt32LittleEndian(_prefix.AsSpan(208), StatePrefix.Length);
        if (!StatePrefixParser.Parse(_prefix).IsSuccess)
        {
            throw new InvalidOperationException("The synthetic state prefix does not parse.");
        }
    }

    [Benchmark(Description = "read state prefix (228 bytes)")]
    public long Read() => StatePrefixParser.Parse(_prefix).Value?.Slot ?? -1;
}
