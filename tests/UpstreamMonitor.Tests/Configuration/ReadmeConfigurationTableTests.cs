using UpstreamMonitor.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Configuration;

public sealed class ReadmeConfigurationTableTests
{
    [Fact]
    public void Readme_table_is_the_generated_one()
    {
        var doc = File.ReadAllText(RepositoryFiles.PathOf("docs", "configuration.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        const string begin = "<!-- settings-table:begin";
        const string end = "<!-- settings-table:end -->";
        var start = doc.IndexOf('\n', doc.IndexOf(begin, StringComparison.Ordinal)) + 1;
        var table = doc[start..doc.IndexOf(end, StringComparison.Ordinal)];

        Assert.Equal(MonitorSettingTable.ToMarkdown(), table);
    }
}
