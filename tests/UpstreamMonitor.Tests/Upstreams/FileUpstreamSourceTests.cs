using Microsoft.Extensions.Logging;
using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Upstreams;

public sealed class FileUpstreamSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly CapturingLogger<FileUpstreamSource> _logger = new();
    private readonly string _path;
    private DateTime _writeTime = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public FileUpstreamSourceTests() => _path = Path.Combine(_temp.Path, "upstreams.json");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Reads_the_file_on_first_use()
    {
        Write(("zeam_0", 5051), ("ream_0", 5052));
        var source = new FileUpstreamSource(_path, _logger);

        var set = await source.GetCurrentAsync(CancellationToken.None);

        Assert.Equal(["zeam_0", "ream_0"], set.Upstreams.Select(u => u.Name));
        Assert.Contains(_path, set.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_added_upstream_is_polled_from_the_next_round()
    {
        Write(("zeam_0", 5051));
        var source = new FileUpstreamSource(_path, _logger);
        Assert.Equal(1, (await source.GetCurrentAsync(CancellationToken.None)).Count);

        Write(("zeam_0", 5051), ("ream_0", 5052));
        var next = await source.GetCurrentAsync(CancellationToken.None);

        Assert.Equal(["zeam_0", "ream_0"], next.Upstreams.Select(u => u.Name));
        Assert.Contains(_logger.At(LogLevel.Information), m => m.Contains("now polling 2 upstreams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_removed_upstream_is_dropped_from_the_next_round()
    {
        Write(("zeam_0", 5051), ("ream_0", 5052), ("qlean_0", 5053));
        var source = new FileUpstreamSource(_path, _logger);
        await source.GetCurrentAsync(CancellationToken.None);

        Write(("zeam_0", 5051), ("qlean_0", 5053));
        var next = await source.GetCurrentAsync(CancellationToken.None);

        Assert.Equal(["zeam_0", "qlean_0"], next.Upstreams.Select(u => u.Name));
    }

    [Fact]
    public async Task A_broken_edit_keeps_the_previous_set_and_is_logged_once()
    {
        Write(("zeam_0", 5051), ("ream_0", 5052));
        var source = new FileUpstreamSource(_path, _logger);
        var before = await source.GetCurrentAsync(CancellationToken.None);

        WriteRaw("{\"upstreams\": [ {\"name\": \"zeam_0\", ");
        var rounds = new List<UpstreamSet>();
        for (var round = 0; round < 5; round++)
        {
            rounds.Add(await source.GetCurrentAsync(CancellationToken.None));
        }

        Assert.All(rounds, set => Assert.Same(before, set));
        var warning = Assert.Single(_logger.At(LogLevel.Warning));
        Assert.Contains(_path, warning, StringComparison.Ordinal);
        Assert.Contains("malformed JSON", warning, StringComparison.Ordinal);
        Assert.Contains("keeping the previous 2 upstreams", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_new_bad_edit_is_logged_and_a_fix_is_picked_up()
    {
        Write(("zeam_0", 5051));
        var source = new FileUpstreamSource(_path, _logger);
        await source.GetCurrentAsync(CancellationToken.None);

        WriteRaw("{\"upstreams\": [{\"name\": \"a\", \"url\": \"nope\"}]}");
        await source.GetCurrentAsync(CancellationToken.None);
        WriteRaw("{\"upstreams\": [{\"name\": \"a\", \"url\": \"http://127.0.0.1:1\"}, {\"name\": \"a\", \"url\": \"http://127.0.0.1:2\"}]}");
        await source.GetCurrentAsync(CancellationToken.None);
        await source.GetCurrentAsync(CancellationToken.None);
        Write(("zeam_0", 5051), ("gean_0", 5058));
        var fixedSet = await source.GetCurrentAsync(CancellationToken.None);

        var warnings = _logger.At(LogLevel.Warning);
        Assert.Equal(2, warnings.Count);
        Assert.Contains("not an absolute http(s) URL", warnings[0], StringComparison.Ordinal);
        Assert.Contains("duplicate name", warnings[1], StringComparison.Ordinal);
        Assert.Equal(["zeam_0", "gean_0"], fixedSet.Upstreams.Select(u => u.Name));
    }

    [Fact]
    public async Task A_deleted_file_keeps_the_previous_set()
    {
        Write(("zeam_0", 5051));
        var source = new FileUpstreamSource(_path, _logger);
        await source.GetCurrentAsync(CancellationToken.None);

        File.Delete(_path);
        var after = await source.GetCurrentAsync(CancellationToken.None);
        await source.GetCurrentAsync(CancellationToken.None);

        Assert.Equal(["zeam_0"], after.Upstreams.Select(u => u.Name));
        Assert.Contains("upstreams file not found", Assert.Single(_logger.At(LogLevel.Warning)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unchanged_file_is_not_parsed_again()
    {
        Write(("zeam_0", 5051));
        var source = new FileUpstreamSource(_path, _logger);
        var first = await source.GetCurrentAsync(CancellationToken.None);

        var second = await source.GetCurrentAsync(CancellationToken.None);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task Quickstart_yaml_is_hot_reloaded_too()
    {
        WriteRaw("validators:\n  - name: zeam_0\n    enrFields: { ip: 127.0.0.1 }\n    apiPort: 5051\n");
        var source = new FileUpstreamSource(_path, _logger);
        await source.GetCurrentAsync(CancellationToken.None);

        WriteRaw("validators:\n  - name: zeam_0\n    enrFields: { ip: 127.0.0.1 }\n    apiPort: 5051\n  - name: grandine_0\n    enrFields: { ip: 127.0.0.1 }\n    apiPort: 8086\n");
        var next = await source.GetCurrentAsync(CancellationToken.None);

        Assert.Equal(new Uri("http://127.0.0.1:8086/"), next.Upstreams[1].Url);
    }

    private void Write(params (string Name, int Port)[] upstreams) =>
        WriteRaw("{\"upstreams\": [" +
                 string.Join(", ", upstreams.Select(u => $"{{\"name\": \"{u.Name}\", \"url\": \"http://127.0.0.1:{u.Port}\"}}")) +
                 "]}");

    // Each edit gets a distinct, later write time, as a real edit would, whatever the file system's timestamp granularity.
    private void WriteRaw(string content)
    {
        File.WriteAllText(_path, content);
        _writeTime = _writeTime.AddSeconds(1);
        File.SetLastWriteTimeUtc(_path, _writeTime);
    }
}
