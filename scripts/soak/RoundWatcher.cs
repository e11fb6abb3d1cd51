using System.Text.Json;

namespace UpstreamMonitor.Soak;

/// <summary>One finished poll round as <c>/api/upstreams</c> reports it.</summary>
internal sealed record ObservedRound(long Number, double DurationMs, double BudgetMs, bool HasConsensus, int Abandoned, int Skipped);

/// <summary>
/// Watches <c>GET /api/upstreams</c> twice a second and records every round number it has not seen before. Rounds are
/// at least <c>--poll-ms</c> apart, so none is missed; if one is (a stalled API), <see cref="Missed"/> says so.
/// </summary>
internal sealed class RoundWatcher(Uri baseUrl, HttpClient http, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly List<ObservedRound> _rounds = [];
    private long _lastNumber;

    public long Missed { get; private set; }

    public long ApiFailures { get; private set; }

    /// <summary>Every round seen so far, oldest first.</summary>
    public IReadOnlyList<ObservedRound> Snapshot()
    {
        lock (_lock)
        {
            return [.. _rounds];
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await ObserveAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The soak is over.
        }
    }

    private async Task ObserveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await http.GetStreamAsync(new Uri(baseUrl, "api/upstreams"), cancellationToken);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            if (!json.RootElement.TryGetProperty("round", out var round) || round.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var number = round.GetProperty("number").GetInt64();
            if (number <= _lastNumber)
            {
                return;
            }

            var hasConsensus = json.RootElement.TryGetProperty("consensus", out var consensus)
                               && consensus.TryGetProperty("has_consensus", out var flag)
                               && flag.ValueKind == JsonValueKind.True;
            var observed = new ObservedRound(
                number,
                round.GetProperty("duration_ms").GetDouble(),
                round.GetProperty("budget_ms").GetDouble(),
                hasConsensus,
                Int(round, "abandoned"),
                Int(round, "skipped"));
            lock (_lock)
            {
                if (_lastNumber > 0 && number > _lastNumber + 1)
                {
                    Missed += number - _lastNumber - 1;
                }

                _lastNumber = number;
                _rounds.Add(observed);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                       or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            ApiFailures++;
        }
    }

    private static int Int(JsonElement round, string name) =>
        round.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
}
