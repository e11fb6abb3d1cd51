using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Tests.Benchmarks;

public class SmapsRollupTests
{
    [Fact]
    public void Splits_rss_into_anonymous_and_file_backed()
    {
        const string text = """
            55d0c0a00000-7ffd4a3f3000 ---p 00000000 00:00 0                          [rollup]
            Rss:              300000 kB
            Pss:              290000 kB
            Pss_Anon:         199000 kB
            Pss_File:          91000 kB
            Anonymous:        200000 kB
            Swap:                  0 kB
            """;

        var rollup = SmapsRollup.Parse(text);

        Assert.Equal(300000L * 1024, rollup.ResidentBytes);
        Assert.Equal(200000L * 1024, rollup.AnonymousBytes);
        Assert.Equal(100000L * 1024, rollup.FileBackedBytes);
    }

    [Fact]
    public void An_unreadable_value_names_the_line()
    {
        var error = Assert.Throws<InvalidDataException>(() => SmapsRollup.Parse("Rss: lots kB\n"));

        Assert.Contains("Rss: lots kB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void This_process_has_anonymous_memory_within_its_rss()
    {
        var rollup = SmapsRollup.CaptureSelf();

        Assert.NotNull(rollup);

        Assert.InRange(rollup.AnonymousBytes, 1, rollup.ResidentBytes);
    }
}
