using System.Globalization;

namespace UpstreamMonitor.Benchmarks.Driver;

/// <summary>Parameters a parent passes to a child process, as <c>BENCH_*</c> environment variables.</summary>
internal static class ChildEnvironment
{
    public const string Strategy = "BENCH_STRATEGY";
    public const string Rounds = "BENCH_ROUNDS";
    public const string WarmupRounds = "BENCH_WARMUP_ROUNDS";
    public const string Concurrency = "BENCH_CONCURRENCY";
    public const string TimeoutMs = "BENCH_TIMEOUT_MS";
    public const string PollMs = "BENCH_POLL_MS";
    public const string MaxStateBytes = "BENCH_MAX_STATE_BYTES";
    public const string TimeLimitMs = "BENCH_TIME_LIMIT_MS";
    public const string TargetUrl = "BENCH_TARGET_URL";
    public const string RatePerSecond = "BENCH_RATE_PER_SECOND";
    public const string DurationMs = "BENCH_DURATION_MS";
    public const string MaxInFlight = "BENCH_MAX_IN_FLIGHT";
    public const string WarmupMs = "BENCH_WARMUP_MS";

    public static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public static long Long(string name, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public static string String(string name) =>
        Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set.");

    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);
}
