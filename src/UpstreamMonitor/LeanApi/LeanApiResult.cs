using System.Diagnostics.CodeAnalysis;

namespace UpstreamMonitor.LeanApi;

/// <summary>Either a value or a <see cref="LeanApiError"/>: node failures are data, not exceptions.</summary>
public readonly struct LeanApiResult<T>
{
    internal LeanApiResult(T? value, LeanApiError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public LeanApiError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static implicit operator LeanApiResult<T>(LeanApiError error) => LeanApiResult.Failure<T>(error);

    public override string ToString() => IsSuccess ? $"ok: {Value}" : $"error: {Error.Message}";
}

/// <summary>Factory methods for <see cref="LeanApiResult{T}"/>.</summary>
public static class LeanApiResult
{
    public static LeanApiResult<T> Success<T>(T value) => new(value, null);

    public static LeanApiResult<T> Failure<T>(LeanApiError error) =>
        new(default, error ?? throw new ArgumentNullException(nameof(error)));
}
