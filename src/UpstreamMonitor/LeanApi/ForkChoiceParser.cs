using System.Text.Json;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// Parses <c>GET /lean/v0/fork_choice</c> in both body shapes of <c>lean-api.md</c>: the spec shape (<c>head</c> and
/// <c>safe_target</c> are root strings) and zeam's March-2026 shape (<c>head</c> is <c>{"slot","root"}</c>,
/// <c>safe_target</c> is <c>{"root"}</c>). This is the poll's hot path: one forward pass over the bytes with
/// <see cref="Utf8JsonReader"/>, allocating only the result, its root strings and the head's <see cref="ChainAncestry"/>;
/// the nodes are gathered in a pooled buffer, so the head slot and the ancestry are found after the pass, wherever the
/// head appears in the body.
/// </summary>
public static class ForkChoiceParser
{
    /// <summary>Parses a fork choice body; every malformation becomes an <see cref="LeanApiErrorKind.InvalidBody"/> error.</summary>
    public static LeanApiResult<ForkChoiceSnapshot> Parse(ReadOnlySpan<byte> body, string? mediaType = "application/json") =>
        LeanJson.ParseObject(body, mediaType, ReadTopLevel);

    private static ForkChoiceSnapshot ReadTopLevel(ref Utf8JsonReader reader)
    {
        var blocks = new ForkChoiceBlocks();
        try
        {
            return ReadTopLevel(ref reader, ref blocks);
        }
        finally
        {
            blocks.Dispose();
        }
    }

    private static ForkChoiceSnapshot ReadTopLevel(ref Utf8JsonReader reader, ref ForkChoiceBlocks blocks)
    {
        string? headRoot = null;
        long? headSlot = null;
        Checkpoint? justified = null;
        Checkpoint? finalized = null;
        string? safeTarget = null;
        int? validatorCount = null;
        var nodeCount = 0;

        while (LeanJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("head"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    // zeam March 2026: {"slot": N, "root": "0x…"}.
                    var head = ReadCheckpointObject(ref reader, "head");
                    headRoot = head.Root;
                    headSlot = head.Slot;
                }
                else
                {
                    headRoot = LeanJson.ReadRootValue(ref reader, FieldPath.Top("head"));
                }
            }
            else if (reader.ValueTextEquals("nodes"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    nodeCount = ReadNodes(ref reader, ref blocks);
                }
            }
            else if (reader.ValueTextEquals("justified"u8))
            {
                reader.Read();
                justified = ReadCheckpointObject(ref reader, "justified");
            }
            else if (reader.ValueTextEquals("finalized"u8))
            {
                reader.Read();
                finalized = ReadCheckpointObject(ref reader, "finalized");
            }
            else if (reader.ValueTextEquals("safe_target"u8))
            {
                reader.Read();
                safeTarget = ReadSafeTarget(ref reader);
            }
            else if (reader.ValueTextEquals("validator_count"u8))
            {
                reader.Read();
                validatorCount = reader.TokenType == JsonTokenType.Null
                    ? null
                    : (int)LeanJson.ReadNonNegativeInteger(ref reader, FieldPath.Top("validator_count"), int.MaxValue, "2^31");
            }
            else
            {
                LeanJson.SkipValue(ref reader);
            }
        }

        if (headRoot is null)
        {
            throw LeanJson.Missing(null, "head");
        }

        if (justified is null)
        {
            throw LeanJson.Missing(null, "justified");
        }

        if (finalized is null)
        {
            throw LeanJson.Missing(null, "finalized");
        }

        // The head slot is the slot of the node whose root is the head (spec shape); the walk from there is the chain.
        ChainAncestry? ancestry = null;
        if (RootKey.TryRead(headRoot, out var headKey))
        {
            headSlot ??= blocks.SlotOf(headKey);
            ancestry = ChainAncestry.Walk(blocks.Span, headKey);
        }

        return new ForkChoiceSnapshot(headRoot, headSlot, justified.Value, finalized.Value, safeTarget, validatorCount, nodeCount, ancestry);
    }

    /// <summary>
    /// Validates every node (root, slot, and parent root when given), gathers them into <paramref name="blocks"/> and
    /// counts them. The reader is on the array's StartArray and ends on its EndArray.
    /// </summary>
    private static int ReadNodes(ref Utf8JsonReader reader, ref ForkChoiceBlocks blocks)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new LeanBodyException($"nodes: expected an array, got {LeanJson.Describe(ref reader)}");
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new LeanBodyException($"nodes[{index}]: expected an object, got {LeanJson.Describe(ref reader)}");
            }

            long? slot = null;
            ulong? key = null;
            ulong? parentKey = null;
            while (LeanJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("root"u8))
                {
                    reader.Read();
                    RootKey.TryRead(LeanJson.ValidateRoot(ref reader, new FieldPath("nodes", index, "root")), out var root);
                    key = root;
                }
                else if (reader.ValueTextEquals("parent_root"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        RootKey.TryRead(LeanJson.ValidateRoot(ref reader, new FieldPath("nodes", index, "parent_root")), out var parent);
                        parentKey = parent;
                    }
                }
                else if (reader.ValueTextEquals("slot"u8))
                {
                    slot = LeanJson.ReadSlot(ref reader, new FieldPath("nodes", index, "slot"));
                }
                else
                {
                    LeanJson.SkipValue(ref reader);
                }
            }

            if (key is null)
            {
                throw LeanJson.Missing($"nodes[{index}]", "root");
            }

            if (slot is null)
            {
                throw LeanJson.Missing($"nodes[{index}]", "slot");
            }

            blocks.Add(new ForkChoiceBlock(key.Value, parentKey, slot.Value));
            index++;
        }

        return index;
    }

    /// <summary>Reads <c>{"slot": N, "root": "0x…"}</c>; the reader is on its StartObject.</summary>
    internal static Checkpoint ReadCheckpointObject(ref Utf8JsonReader reader, string? name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var what = name is null ? "body" : name;
            throw new LeanBodyException($"{what}: expected an object {{\"slot\", \"root\"}}, got {LeanJson.Describe(ref reader)}");
        }

        long? slot = null;
        string? root = null;
        while (LeanJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("slot"u8))
            {
                slot = LeanJson.ReadSlot(ref reader, name is null ? FieldPath.Top("slot") : FieldPath.In(name, "slot"));
            }
            else if (reader.ValueTextEquals("root"u8))
            {
                root = LeanJson.ReadRoot(ref reader, name is null ? FieldPath.Top("root") : FieldPath.In(name, "root"));
            }
            else
            {
                LeanJson.SkipValue(ref reader);
            }
        }

        if (slot is null)
        {
            throw LeanJson.Missing(name, "slot");
        }

        return root is null ? throw LeanJson.Missing(name, "root") : new Checkpoint(slot.Value, root);
    }

    private static string? ReadSafeTarget(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return LeanJson.ReadRootValue(ref reader, FieldPath.Top("safe_target"));
            case JsonTokenType.StartObject:
                // zeam March 2026: {"root": "0x…"}.
                string? root = null;
                while (LeanJson.NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("root"u8))
                    {
                        root = LeanJson.ReadRoot(ref reader, FieldPath.In("safe_target", "root"));
                    }
                    else
                    {
                        LeanJson.SkipValue(ref reader);
                    }
                }

                return root ?? throw LeanJson.Missing("safe_target", "root");
            default:
                throw new LeanBodyException($"safe_target: expected a root or {{\"root\"}}, got {LeanJson.Describe(ref reader)}");
        }
    }
}
