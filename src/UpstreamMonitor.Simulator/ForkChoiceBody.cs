using System.Buffers;
using System.Text.Json;

namespace UpstreamMonitor.Simulator;

/// <summary>
/// The <c>/lean/v0/fork_choice</c> and <c>/lean/v0/checkpoints/justified</c> bodies, in the spec shape or the
/// March-2026 zeam shape (head and safe_target as objects, no proposer_index).
/// </summary>
internal static class ForkChoiceBody
{
    public static byte[] Write(SimulatedChain chain, ChainView view, int validatorCount, bool zeamShape)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("nodes");
            // nodes holds every block at or above the finalized slot, oldest first.
            for (var slot = view.Finalized; slot <= view.Head; slot++)
            {
                json.WriteStartObject();
                json.WriteString("root", chain.BlockRoot(slot, view.MinorityFork));
                json.WriteNumber("slot", slot);
                json.WriteString("parent_root", SimulatedChain.ToHex(chain.ParentRootBytes(slot, view.MinorityFork)));
                if (!zeamShape)
                {
                    json.WriteNumber("proposer_index", slot % validatorCount);
                }

                json.WriteNumber("weight", Math.Max(1, validatorCount - (slot - view.Finalized)));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            var headRoot = chain.BlockRoot(view.Head, view.MinorityFork);
            if (zeamShape)
            {
                json.WriteStartObject("head");
                json.WriteNumber("slot", view.Head);
                json.WriteString("root", headRoot);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("head", headRoot);
            }

            WriteCheckpoint(json, "justified", chain, view.Justified, view.MinorityFork);
            WriteCheckpoint(json, "finalized", chain, view.Finalized, view.MinorityFork);
            var safeTarget = chain.BlockRoot(view.Justified, view.MinorityFork);
            if (zeamShape)
            {
                json.WriteStartObject("safe_target");
                json.WriteString("root", safeTarget);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("safe_target", safeTarget);
            }

            json.WriteNumber("validator_count", validatorCount);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] WriteJustified(SimulatedChain chain, ChainView view)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("slot", view.Justified);
            json.WriteString("root", chain.BlockRoot(view.Justified, view.MinorityFork));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCheckpoint(Utf8JsonWriter json, string name, SimulatedChain chain, long slot, bool fork)
    {
        json.WriteStartObject(name);
        json.WriteNumber("slot", slot);
        json.WriteString("root", chain.BlockRoot(slot, fork));
        json.WriteEndObject();
    }
}
