using System.Text;
using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Tests.LeanApi;

public sealed class UpstreamRequestTargetTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5052", "http://127.0.0.1:5052/lean/v0/fork_choice")]
    [InlineData("http://127.0.0.1:5052/", "http://127.0.0.1:5052/lean/v0/fork_choice")]
    [InlineData("http://user:pw@127.0.0.1:5052/nodes/zeam_0/?x=1", "http://127.0.0.1:5052/nodes/zeam_0/lean/v0/fork_choice")]
    [InlineData("http://[::1]:9000", "http://[::1]:9000/lean/v0/fork_choice")]
    public void Route_uris_drop_user_info_and_keep_a_path_prefix(string url, string expected) =>
        Assert.Equal(expected, UpstreamRequestTarget.Create(new Uri(url)).UriOf(LeanApiRoute.ForkChoice).AbsoluteUri);

    [Fact]
    public void Every_route_maps_to_its_lean_api_path()
    {
        var target = UpstreamRequestTarget.Create(new Uri("http://127.0.0.1:1"));

        Assert.Equal("/lean/v0/checkpoints/justified", target.UriOf(LeanApiRoute.JustifiedCheckpoint).AbsolutePath);
        Assert.Equal("/lean/v0/states/finalized", target.UriOf(LeanApiRoute.FinalizedState).AbsolutePath);
        Assert.Equal("/lean/v0/blocks/finalized", target.UriOf(LeanApiRoute.FinalizedBlock).AbsolutePath);
        Assert.Equal("/lean/v0/admin/aggregator", target.UriOf(LeanApiRoute.Aggregator).AbsolutePath);
        Assert.Equal("/lean/v0/health", target.UriOf(LeanApiRoute.Health).AbsolutePath);
    }

    [Theory]
    [InlineData("http://user:p%40ss@127.0.0.1:1", "user:p@ss")]
    [InlineData("http://token@127.0.0.1:1", "token:")]
    public void User_info_becomes_basic_auth(string url, string expected)
    {
        var authorization = UpstreamRequestTarget.Create(new Uri(url)).Authorization;

        Assert.Equal("Basic", authorization?.Scheme);
        Assert.Equal(expected, Encoding.UTF8.GetString(Convert.FromBase64String(authorization!.Parameter!)));
    }

    [Fact]
    public void No_user_info_means_no_authorization_and_nothing_to_scrub()
    {
        var target = UpstreamRequestTarget.Create(new Uri("http://127.0.0.1:1"));

        Assert.Null(target.Authorization);
        Assert.Equal("HTTP 500: user:pass", target.Scrub("HTTP 500: user:pass"));
    }
}
