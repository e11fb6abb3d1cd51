namespace UpstreamMonitor.Upstreams;

/// <summary>
/// The upstream list of an upstreams file, re-read at the start of a round when the file changed (last write time and
/// length: cheap enough to check every round), so an operator's edit takes effect on the next round without a restart.
/// An edit that does not parse keeps the previous set and is logged once, not every round.
/// </summary>
internal sealed partial class FileUpstreamSource : IUpstreamSource
{
    private readonly string _path;
    private readonly ILogger<FileUpstreamSource> _logger;
    private readonly Lock _gate = new();
    private UpstreamSet _current;
    private FileStamp? _loaded;
    private FileStamp? _rejected;

    /// <param name="path">The upstreams file.</param>
    /// <param name="logger">Where reloads and rejected edits are reported.</param>
    public FileUpstreamSource(string path, ILogger<FileUpstreamSource> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _current = UpstreamSet.Empty;
    }

    public string Path => _path;

    public ValueTask<UpstreamSet> GetCurrentAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var stamp = FileStamp.Of(_path);
            if (stamp == _loaded || stamp == _rejected)
            {
                return ValueTask.FromResult(_current);
            }

            var result = UpstreamFileReader.Read(_path);
            if (result is { Succeeded: true, Set: { } set })
            {
                var first = _loaded is null;
                _current = set;
                _loaded = stamp;
                _rejected = null;
                if (first)
                {
                    LogLoaded(_logger, set.Count, set.Origin);
                }
                else
                {
                    LogReloaded(_logger, _path, set.Count);
                }
            }
            else
            {
                _rejected = stamp;
                if (_loaded is null)
                {
                    LogInvalid(_logger, _path, string.Join("; ", result.Errors));
                }
                else
                {
                    LogRejected(_logger, _path, string.Join("; ", result.Errors), _current.Count);
                }
            }

            return ValueTask.FromResult(_current);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Loaded {Count} upstreams from {Origin}")]
    private static partial void LogLoaded(ILogger logger, int count, string origin);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "Upstreams file {Path} changed: now polling {Count} upstreams")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Upstreams file {Path} changed but is invalid, keeping the previous {Count} upstreams: {Errors}")]
    private static partial void LogRejected(ILogger logger, string path, string errors, int count);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "Upstreams file {Path} is invalid, nothing to poll until it is fixed: {Errors}")]
    private static partial void LogInvalid(ILogger logger, string path, string errors);

    /// <summary>What identifies one version of the file without reading it; a missing file has its own stamp.</summary>
    private readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new(info.LastWriteTimeUtc, info.Length) : new(DateTime.MinValue, -1);
        }
    }
}
