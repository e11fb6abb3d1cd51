using System.Text.Json;

namespace UpstreamMonitor.LeanApi;

/// <summary>Parsers for the small JSON answers: justified checkpoint, health and aggregator status.</summary>
public static class LeanJsonBodies
{
    /// <summary><c>{"slot": 123, "root": "0x…"}</c> from <c>checkpoints/justified</c>.</summary>
    public static LeanApiResult<Checkpoint> ParseCheckpoint(ReadOnlySpan<byte> body, string? mediaType = "application/json") =>
        LeanJson.ParseObject(body, mediaType, static (ref Utf8JsonReader reader) => ForkChoiceParser.ReadCheckpointObject(ref reader, null));

    /// <summary><c>{"status": "healthy", "service": "lean-rpc-api"}</c>: returns the status string as the node reports it.</summary>
    public static LeanApiResult<string> ParseHealth(ReadOnlySpan<byte> body, string? mediaType = "application/json") =>
        LeanJson.ParseObject(body, mediaType, static (ref Utf8JsonReader reader) =>
        {
            string? status = null;
            while (LeanJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = reader.TokenType == JsonTokenType.String
                        ? TextExcerpt.Sanitize(reader.GetString() ?? string.Empty, 64)
                        : throw new LeanBodyException($"status: expected a string, got {LeanJson.Describe(ref reader)}");
                }
                else
                {
                    LeanJson.SkipValue(ref reader);
                }
            }

            return status ?? throw LeanJson.Missing(null, "status");
        });

    /// <summary><c>{"is_aggregator": true}</c> from <c>GET admin/aggregator</c>.</summary>
    public static LeanApiResult<bool> ParseAggregatorStatus(ReadOnlySpan<byte> body, string? mediaType = "application/json") =>
        LeanJson.ParseObject(body, mediaType, static (ref Utf8JsonReader reader) =>
        {
            bool? isAggregator = null;
            while (LeanJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("is_aggregator"u8))
                {
                    reader.Read();
                    isAggregator = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw new LeanBodyException($"is_aggregator: expected true or false, got {LeanJson.Describe(ref reader)}"),
                    };
                }
                else
                {
                    LeanJson.SkipValue(ref reader);
                }
            }

            return isAggregator ?? throw LeanJson.Missing(null, "is_aggregator");
        });
}
