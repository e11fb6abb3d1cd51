namespace UpstreamMonitor.LeanApi;

/// <summary>A body that does not have the expected shape; <see cref="Exception.Message"/> names the field and the problem.</summary>
/// <remarks>Thrown only inside the parsers and turned into a <see cref="LeanApiErrorKind.InvalidBody"/> error at their edge.</remarks>
#pragma warning disable CA1064 // Internal by design: never escapes the parsers.
internal sealed class LeanBodyException(string reason) : Exception(reason);
#pragma warning restore CA1064
