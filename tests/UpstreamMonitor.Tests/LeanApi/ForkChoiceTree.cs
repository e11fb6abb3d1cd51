using System.Globalization;
using System.Text;

namespace UpstreamMonitor.Tests.LeanApi;

/// <summary>
/// Writes spec-shape fork-choice bodies for block trees: a block is named by a branch letter and a slot
/// (<c>('a', 12)</c>), its root is derived from both, and a branch leaves the canonical chain <c>'a'</c> at a given slot.
/// </summary>
internal static class ForkChoiceTree
{
    /// <summary>The root of the block at <paramref name="slot"/> on <paramref name="branch"/>.</summary>
    public static string Root(char branch, long slot) =>
        string.Create(CultureInfo.InvariantCulture, $"0x{(int)branch:x2}{slot:x14}{new string('0', 48)}");

    /// <summary>
    /// A body whose nodes run from <paramref name="finalized"/> to <paramref name="head"/> on the canonical chain, or, for
    /// another <paramref name="branch"/>, on the canonical chain up to <paramref name="forkSlot"/> and on the branch after.
    /// </summary>
    public static byte[] Body(long finalized, long head, char branch = 'a', long forkSlot = long.MaxValue, long? justified = null)
    {
        string BlockRoot(long slot) => Root(slot > forkSlot ? branch : 'a', slot);
        var nodes = new StringBuilder();
        for (var slot = finalized; slot <= head; slot++)
        {
            var parent = slot == 0 ? "0x" + new string('0', 64) : BlockRoot(slot - 1);
            nodes.Append(CultureInfo.InvariantCulture, $"{(nodes.Length > 0 ? "," : "")}{{\"root\":\"{BlockRoot(slot)}\",\"slot\":{slot},\"parent_root\":\"{parent}\",\"weight\":1}}");
        }

        var justifiedSlot = justified ?? Math.Min(head, finalized + 1);
        return Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"nodes\":[{nodes}],\"head\":\"{BlockRoot(head)}\",\"justified\":{{\"slot\":{justifiedSlot},\"root\":\"{BlockRoot(justifiedSlot)}\"}},\"finalized\":{{\"slot\":{finalized},\"root\":\"{BlockRoot(finalized)}\"}},\"validator_count\":4}}"));
    }
}
