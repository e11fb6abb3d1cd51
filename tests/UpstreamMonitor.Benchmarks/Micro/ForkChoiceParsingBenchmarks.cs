using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Benchmarks.Micro;

/// <summary>
/// The poll's hot path: one fork-choice body per upstream per round. Bodies are built like a devnet's: <see cref="Nodes"/>
/// blocks from the finalized slot up, spec shape (head given as a root, looked up in <c>nodes</c>) and zeam's shape.
/// </summary>
[MemoryDiagnoser]
public class ForkChoiceParsingBenchmarks
{
    private byte[] _spec = [];
    private byte[] _zeam = [];

    /// <summary>8: a devnet finalizing every few slots; 128: one that has not finalized for a while.</summary>
    [Params(8, 128)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _spec = Body(Nodes, zeamShape: false);
        _zeam = Body(Nodes, zeamShape: true);
        if (!ForkChoiceParser.Parse(_spec).IsSuccess || !ForkChoiceParser.Parse(_zeam).IsSuccess)
        {
            throw new InvalidOperationException("The synthetic fork-choice bodies do not parse.");
        }
    }

    [Benchmark(Description = "parse fork choice (spec shape)")]
    public long? SpecShape() => ForkChoiceParser.Parse(_spec).Value?.HeadSlot;

    [Benchmark(Description = "parse fork choice (zeam 2026-03 shape)")]
    public long? ZeamShape() => ForkChoiceParser.Parse(_zeam).Value?.HeadSlot;

    internal static byte[] Body(int nodes, bool zeamShape)
    {
        const long finalizedSlot = 1_000;
        var json = new StringBuilder("{\"nodes\":[");
        for (var i = 0; i < nodes; i++)
        {
            json.Append(CultureInfo.InvariantCulture,
                $"{(i > 0 ? "," : string.Empty)}{{\"root\":\"{Root(finalizedSlot + i)}\",\"slot\":{finalizedSlot + i},\"parent_root\":\"{Root(finalizedSlot + i - 1)}\"");
            if (!zeamShape)
            {
                json.Append(CultureInfo.InvariantCulture, $",\"proposer_index\":{i % 4}");
            }

            json.Append(CultureInfo.InvariantCulture, $",\"weight\":{nodes - i}}}");
        }

        var headSlot = finalizedSlot + nodes - 1;
        json.Append("],");
        json.Append(zeamShape
            ? string.Create(CultureInfo.InvariantCulture, $"\"head\":{{\"slot\":{headSlot},\"root\":\"{Root(headSlot)}\"}},")
            : $"\"head\":\"{Root(headSlot)}\",");
        var justified = Math.Max(finalizedSlot, headSlot - 2);
        json.Append(CultureInfo.InvariantCulture, $"\"justified\":{{\"slot\":{justified},\"root\":\"{Root(justified)}\"}},");
        json.Append(CultureInfo.InvariantCulture, $"\"finalized\":{{\"slot\":{finalizedSlot},\"root\":\"{Root(finalizedSlot)}\"}},");
        json.Append(zeamShape ? $"\"safe_target\":{{\"root\":\"{Root(justified)}\"}}," : $"\"safe_target\":\"{Root(justified)}\",");
        json.Append("\"validator_count\":64}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static string Root(long slot) => "0x" + slot.ToString("x64", CultureInfo.InvariantCulture);
}
