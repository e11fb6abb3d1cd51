using System.Text.Json;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// Parses <c>GET /lean/v0/fork_choice</c> in both body shapes of <c>lean-api.md</c>: the spec shape (<c>head</c> and
/// <c>safe_target</c> are root strings) and zeam's March-2026 shape (<c>head</c> is <c>{"slot","root"}</c>,
/// <c>safe_target</c> is <c>{"root"}</c>). This is the poll's hot path: one forward pass over the bytes with
/// <see cref="Utf8JsonReader"/>, allocating only the result and its root strings; a second pass over <c>nodes</c> only
/// when the head root is given before its slot can be looked up.
/// </summary>
public static class ForkChoiceParser
{
    /// <summary>Parses a fork choice body; every malformation becomes an <see cref="LeanApiErrorKind.InvalidBody"/> error.</summary>
    public static LeanApiResult<ForkChoiceSnapshot> Parse(ReadOnlySpan<byte> body, string? mediaType = "application/json")
    {
        var result = LeanJson.ParseObject(body, mediaType, ReadTopLevel);
        if (!result.IsSuccess || result.Value is not { HeadSlot: null, NodeCount: > 0 } snapshot)
        {
            return result;
        }

        // Spec shape: the head slot is the slot of the node whose root is the head. Nodes usually come first in the body,
        // so look the head up in a second pass over the (already validated) nodes.
        var reader = LeanJson.CreateReader(body);
        reader.Read();
        while (LeanJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("nodes"u8))
            {
                reader.Read();
                ReadNodes(ref reader, snapshot.HeadRoot, out var headSlot);
                return headSlot is null ? result : LeanApiResult.Success(snapshot with { HeadSlot = headSlot });
            }

            LeanJson.SkipValue(ref reader);
        }

        return result;
    }

    private static ForkChoiceSnapshot ReadTopLevel(ref Utf8JsonReader reader)
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
                    // Match on the way when the head came first; otherwise Parse does a second pass.
                    nodeCount = ReadNodes(ref reader, headSlot is null ? headRoot : null, out var found);
                    headSlot ??= found;
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

        return new ForkChoiceSnapshot(headRoot, headSlot, justified.Value, finalized.Value, safeTarget, validatorCount, nodeCount);
    }

    /// <summary>
    /// Validates every node (root and slot) and counts them; when <paramref name="headRoot"/> is given, also finds its
    /// slot. The reader is on the array's StartArray and ends on its EndArray.
    /// </summary>
    private static int ReadNodes(ref Utf8JsonReader reader, string? headRoot, out long? headSlot)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new LeanBodyException($"nodes: expected an array, got {LeanJson.Describe(ref reader)}");
        }

        headSlot = null;
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new LeanBodyException($"nodes[{index}]: expected an object, got {LeanJson.Describe(ref reader)}");
            }

            long? slot = null;
            var matchesHead = false;
            var rootSeen = false;
            while (LeanJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("root"u8))
                {
                    reader.Read();
                    var root = LeanJson.ValidateRoot(ref reader, new FieldPath("nodes", index, "root"));
                    matchesHead = headRoot is not null && LeanJson.RootEquals(root, headRoot);
                    rootSeen = true;
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

            if (!rootSeen)
            {
                throw LeanJson.Missing($"nodes[{index}]", "root");
            }

            if (slot is null)
            {
                throw LeanJson.Missing($"nodes[{index}]", "slot");
            }

            if (matchesHead)
            {
                headSlot = slot;
            }

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
