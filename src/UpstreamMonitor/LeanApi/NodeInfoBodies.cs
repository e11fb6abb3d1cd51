using System.Buffers.Text;
using System.Text.Json;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// Parsers for the optional node routes (identity, version, syncing, genesis; lean-api.md). Clients differ: the
/// fields are read at the top level or inside a beacon-style <c>data</c> object, and integers may be JSON numbers
/// or decimal strings. Unknown fields are skipped.
/// </summary>
public static class NodeInfoBodies
{
    /// <summary>Version and peer-id strings are cut to this many characters (a node is not trusted with the dashboard).</summary>
    public const int MaxTextChars = 120;

    /// <summary><c>{"version": "…", "peer_id": "…"}</c>; at least one of them.</summary>
    public static LeanApiResult<NodeIdentity> ParseIdentity(ReadOnlySpan<byte> body, string? mediaType = "application/json") =>
        LeanJson.ParseObject(body, mediaType, static (ref Utf8JsonReader reader) =>
        {
            string? version = null;
            string? peerId = null;
            ReadFields(ref reader, null, (ref Utf8JsonReader r, string? parent) =>
            {
                if (r.ValueTextEquals("version"u8))
                {
                    version = ReadText(ref r, Path(parent, "version"));
                    return true;
                }

                if (r.ValueTextEquals("peer_id"u8))
                {
                    peerId = ReadText(ref r, Path(parent, "peer_id"));
                    return true;
                }

                return false;
            });
            return version is null && peerId is null ? throw LeanJson.Missing(null, "version") : new NodeIdentity(version, peerId);
        });

    /// <summary><c>{"version": "…"}</c> (ream's <c>node/version</c>; also inside <c>data</c>).</summary>
    public static LeanApiResult<string> ParseVersion(ReadOnlySpan<byte> body, string? mediaType = "application/json") =>
        LeanJson.ParseObject(body, mediaType, static (ref Utf8JsonReader reader) =>
        {
            string? version = null;
            ReadFields(ref reader, null, (ref Utf8JsonReader r, string? parent) =>
            {
                if (!r.ValueTextEquals("version"u8))
                {
                    return false;
                }

                version = ReadText(ref r, Path(parent, "version"));
                return true;
            });
            return version ?? throw LeanJson.Missing(null, "version");
        });

    /// <summary><c>{"is_syncing": bool, "head_slot": N, "sync_distance": N, "finalized_slot": N}</c>.</summary>
    public static LeanApiResult<NodeSyncStatus> ParseSyncing(ReadOnlySpan<byte> body, string? mediaType = "application/json") =>
        LeanJson.ParseObject(body, mediaType, static (ref Utf8JsonReader reader) =>
        {
            bool? syncing = null;
            long? head = null, distance = null, finalized = null;
            ReadFields(ref reader, null, (ref Utf8JsonReader r, string? parent) =>
            {
                if (r.ValueTextEquals("is_syncing"u8))
                {
                    r.Read();
                    syncing = r.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw new LeanBodyException($"{Path(parent, "is_syncing")}: expected true or false, got {LeanJson.Describe(ref r)}"),
                    };
                    return true;
                }

                if (r.ValueTextEquals("head_slot"u8))
                {
                    head = ReadInteger(ref r, Path(parent, "head_slot"));
                    return true;
                }

                if (r.ValueTextEquals("sync_distance"u8))
                {
                    distance = ReadInteger(ref r, Path(parent, "sync_distance"));
                    return true;
                }

                if (r.ValueTextEquals("finalized_slot"u8))
                {
                    finalized = ReadInteger(ref r, Path(parent, "finalized_slot"));
                    return true;
                }

                return false;
            });
            return syncing is { } value ? new NodeSyncStatus(value, head, distance, finalized) : throw LeanJson.Missing(null, "is_syncing");
        });

    /// <summary><c>{"genesis_time": N}</c> (unix seconds; a number or a decimal string, also inside <c>data</c>).</summary>
    public static LeanApiResult<long> ParseGenesis(ReadOnlySpan<byte> body, string? mediaType = "application/json") =>
        LeanJson.ParseObject(body, mediaType, static (ref Utf8JsonReader reader) =>
        {
            long? genesis = null;
            ReadFields(ref reader, null, (ref Utf8JsonReader r, string? parent) =>
            {
                if (!r.ValueTextEquals("genesis_time"u8))
                {
                    return false;
                }

                genesis = ReadInteger(ref r, Path(parent, "genesis_time"));
                return true;
            });
            return genesis ?? throw LeanJson.Missing(null, "genesis_time");
        });

    private delegate bool FieldReader(ref Utf8JsonReader reader, string? parent);

    /// <summary>Offers each property to <paramref name="field"/>; a <c>data</c> object at the top is read the same way.</summary>
    private static void ReadFields(ref Utf8JsonReader reader, string? parent, FieldReader field)
    {
        while (LeanJson.NextProperty(ref reader))
        {
            if (field(ref reader, parent))
            {
                continue;
            }

            if (parent is null && reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadFields(ref reader, "data", field);
                    continue;
                }

                reader.Skip();
                continue;
            }

            LeanJson.SkipValue(ref reader);
        }
    }

    private static FieldPath Path(string? parent, string name) => parent is null ? FieldPath.Top(name) : FieldPath.In(parent, name);

    private static string ReadText(ref Utf8JsonReader reader, FieldPath path)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String
            ? TextExcerpt.Sanitize(reader.GetString() ?? string.Empty, MaxTextChars)
            : throw new LeanBodyException($"{path}: expected a string, got {LeanJson.Describe(ref reader)}");
    }

    private static long ReadInteger(ref Utf8JsonReader reader, FieldPath path)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            return LeanJson.ReadNonNegativeInteger(ref reader, path, Checkpoint.MaxSlot, "2^53");
        }

        var raw = reader.ValueSpan;
        return !reader.ValueIsEscaped && Utf8Parser.TryParse(raw, out long value, out var consumed) && consumed == raw.Length && value >= 0 && value <= Checkpoint.MaxSlot
            ? value
            : throw new LeanBodyException($"{path}: expected a non-negative integer, got {LeanJson.Describe(ref reader)}");
    }
}
