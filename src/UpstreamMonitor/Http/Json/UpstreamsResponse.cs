using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.Json;

/// <summary><c>GET /api/upstreams</c>: every configured upstream, the consensus and the latest round.</summary>
internal sealed record UpstreamsResponse(
    [property: JsonPropertyName("upstreams")] IReadOnlyList<UpstreamResponse> Upstreams,
    [property: JsonPropertyName("consensus")] ConsensusResponse Consensus,
    [property: JsonPropertyName("round")] RoundResponse? Round,
    [property: JsonPropertyName("serving_checkpoint")] ServingCheckpointResponse? ServingCheckpoint = null);

/// <summary>One upstream's row. Unknown values are null, never 0.</summary>
internal sealed record UpstreamResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("client")] string Client,
    [property: JsonPropertyName("healthy")] bool Healthy,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("last_success_ms")] long? LastSuccessMs,
    [property: JsonPropertyName("last_poll_ms")] long? LastPollMs,
    [property: JsonPropertyName("latency_ms")] double? LatencyMs,
    [property: JsonPropertyName("error_count")] long ErrorCount,
    [property: JsonPropertyName("errors_total")] long ErrorsTotal,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_justified_slot")] long? LastJustifiedSlot,
    [property: JsonPropertyName("last_finalized_slot")] long? LastFinalizedSlot,
    [property: JsonPropertyName("justified_root")] string? JustifiedRoot,
    [property: JsonPropertyName("finalized_root")] string? FinalizedRoot,
    [property: JsonPropertyName("head_slot")] long? HeadSlot,
    [property: JsonPropertyName("head_root")] string? HeadRoot,
    [property: JsonPropertyName("lag_slots")] long? LagSlots,
    [property: JsonPropertyName("is_aggregator")] bool? IsAggregator,
    [property: JsonPropertyName("validator_count")] int? ValidatorCount,
    [property: JsonPropertyName("in_consensus")] bool InConsensus,
    [property: JsonPropertyName("standing")] string Standing,
    [property: JsonPropertyName("client_version")] string? ClientVersion,
    [property: JsonPropertyName("peer_id")] string? PeerId,
    [property: JsonPropertyName("syncing")] bool? Syncing,
    [property: JsonPropertyName("sync_distance")] long? SyncDistance,
    [property: JsonPropertyName("genesis_time")] long? GenesisTime);

/// <summary>The majorities of the latest round; <c>consensus_threshold</c> is a percentage, as leanpoint reports it.</summary>
internal sealed record ConsensusResponse(
    [property: JsonPropertyName("total_upstreams")] int TotalUpstreams,
    [property: JsonPropertyName("responding_upstreams")] int RespondingUpstreams,
    [property: JsonPropertyName("consensus_threshold")] int ConsensusThreshold,
    [property: JsonPropertyName("has_consensus")] bool HasConsensus,
    [property: JsonPropertyName("finalized")] CheckpointVoteResponse? Finalized,
    [property: JsonPropertyName("justified")] CheckpointVoteResponse? Justified,
    [property: JsonPropertyName("head")] CheckpointVoteResponse? Head,
    [property: JsonPropertyName("forks")] IReadOnlyList<ForkResponse> Forks,
    [property: JsonPropertyName("genesis_time")] long? GenesisTime);

/// <summary>A checkpoint a majority agrees on.</summary>
internal sealed record CheckpointVoteResponse(
    [property: JsonPropertyName("slot")] long Slot,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("votes")] int Votes);

/// <summary>One distinct finalized root and the upstreams on it, majority first.</summary>
internal sealed record ForkResponse(
    [property: JsonPropertyName("finalized_slot")] long? FinalizedSlot,
    [property: JsonPropertyName("finalized_root")] string FinalizedRoot,
    [property: JsonPropertyName("upstreams")] IReadOnlyList<string> Upstreams,
    [property: JsonPropertyName("standing")] string Standing);

/// <summary>What the latest poll round did.</summary>
internal sealed record RoundResponse(
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("started_ms")] long StartedMs,
    [property: JsonPropertyName("finished_ms")] long FinishedMs,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("budget_ms")] long BudgetMs,
    [property: JsonPropertyName("concurrency")] int Concurrency,
    [property: JsonPropertyName("dispatched")] int Dispatched,
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("abandoned")] int Abandoned,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("in_flight")] int InFlight);
