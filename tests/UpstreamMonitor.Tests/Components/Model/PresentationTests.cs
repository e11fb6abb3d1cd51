using Bunit;
using UpstreamMonitor.Components.Controls;
using UpstreamMonitor.Components.Model;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Tests.Components.Model;

public sealed class PresentationTests : BunitContext
{
    [Theory]
    [InlineData(0.4, "just now")]
    [InlineData(12, "12 s ago")]
    [InlineData(59.9, "59 s ago")]
    [InlineData(60, "1 min ago")]
    [InlineData(125, "2 min 5 s ago")]
    [InlineData(3 * 3600 + 120, "3 h 2 min ago")]
    [InlineData(2 * 86400 + 3600, "2 d 1 h ago")]
    public void Relative_times_read_at_a_glance(double secondsAgo, string expected)
    {
        var now = DashboardSnapshots.Now;

        Assert.Equal(expected, RelativeTime.Ago(now.AddSeconds(-secondsAgo), now));
    }

    [Fact]
    public void Missing_times_and_durations_are_never_and_dash()
    {
        Assert.Equal("never", RelativeTime.Ago(null, DashboardSnapshots.Now));
        Assert.Equal("—", RelativeTime.Duration(null));
        Assert.Equal("850 ms", RelativeTime.Duration(TimeSpan.FromMilliseconds(850)));
        Assert.Equal("1.25 s", RelativeTime.Duration(TimeSpan.FromMilliseconds(1250)));
    }

    [Fact]
    public void Roots_shorten_to_prefix_and_suffix_and_short_text_stays()
    {
        Assert.Equal("0xabcdef…7890", RootText.Abbreviate("0xabcdef" + new string('0', 52) + "7890"));
        Assert.Equal("0x1234", RootText.Abbreviate("0x1234"));
        Assert.Equal("—", RootText.Abbreviate(null));
    }

    [Theory]
    [InlineData("zeam_2", "zeam_10", -1)]
    [InlineData("zeam_10", "zeam_2", 1)]
    [InlineData("Zeam_1", "zeam_1", -1)]
    [InlineData("a", "ab", -1)]
    [InlineData("node_007", "node_7", -1)]
    public void Natural_order_compares_numbers_by_value(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(NaturalOrder.Compare(a, b)));
    }

    [Theory]
    [InlineData(null, nameof(LagBand.Unknown))]
    [InlineData(-2L, nameof(LagBand.InSync))]
    [InlineData(0L, nameof(LagBand.InSync))]
    [InlineData(2L, nameof(LagBand.Minor))]
    [InlineData(3L, nameof(LagBand.Behind))]
    [InlineData(8L, nameof(LagBand.FarBehind))]
    public void Lag_bands(long? lag, string band) => Assert.Equal(Enum.Parse<LagBand>(band), UpstreamPresentation.Lag(lag));

    [Theory]
    [InlineData(UpstreamPollState.Ok, "healthy", "ok")]
    [InlineData(UpstreamPollState.Error, "error", "bad")]
    [InlineData(UpstreamPollState.Timeout, "timeout", "bad")]
    [InlineData(UpstreamPollState.Skipped, "skipped", "warn")]
    [InlineData(UpstreamPollState.InFlight, "in flight", "warn")]
    [InlineData(UpstreamPollState.Pending, "pending", "neutral")]
    public void Status_badge_has_word_icon_and_tone(UpstreamPollState state, string word, string tone)
    {
        var cut = Render<StatusBadge>(p => p.Add(c => c.State, state).Add(c => c.Title, "detail"));

        Assert.Equal(word, cut.Find(".label").TextContent);
        Assert.Contains(tone, cut.Find(".badge").ClassList);
        Assert.NotNull(cut.Find("svg[aria-hidden=true]"));
        Assert.Equal("detail", cut.Find(".badge").GetAttribute("title"));
    }

    [Fact]
    public void Short_root_without_a_root_renders_a_dash_and_no_copy_button()
    {
        var cut = Render<ShortRoot>(p => p.Add(c => c.Root, null));

        Assert.Equal("—", cut.Find(".root").TextContent);
        Assert.Empty(cut.FindAll("button"));
    }
}
