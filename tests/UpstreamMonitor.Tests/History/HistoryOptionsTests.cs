using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using UpstreamMonitor.History;

namespace UpstreamMonitor.Tests.History;

public sealed class HistoryOptionsTests
{
    private readonly HistoryOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid_and_on()
    {
        var options = new HistoryOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromDays(7), options.RawRetention);
        Assert.Equal(TimeSpan.FromDays(90), options.RollupRetention);
    }

    [Theory]
    [InlineData("off")]
    [InlineData(" OFF ")]
    public void Off_turns_history_off(string path) => Assert.False(new HistoryOptions { Path = path }.Enabled);

    [Fact]
    public void Bad_values_get_specific_messages()
    {
        var result = _validator.Validate(null, new HistoryOptions
        {
            Path = " ",
            RawRetention = TimeSpan.FromDays(30),
            RollupRetention = TimeSpan.FromDays(1),
            QueueCapacity = 0,
            PruneBatchSize = -1,
        });

        Assert.True(result.Failed);
        var failures = string.Join('\n', result.Failures!);
        Assert.Contains("Monitor:History:Path is empty", failures, StringComparison.Ordinal);
        Assert.Contains("RollupRetention", failures, StringComparison.Ordinal);
        Assert.Contains("QueueCapacity must be between 1 and 100000 (got 0)", failures, StringComparison.Ordinal);
        Assert.Contains("PruneBatchSize", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_postgres_url_is_rejected_without_echoing_its_password()
    {
        var result = _validator.Validate(null, new HistoryOptions { Path = "postgres://admin:hunter2@/" });

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("PostgreSQL", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://mon:pw@db.internal:6543/history?sslmode=disable", "postgresql db.internal:6543/history")]
    [InlineData("Host=10.0.0.5;Database=hist;Username=u;Password=p", "postgresql 10.0.0.5:5432/hist")]
    public void Postgres_targets_are_parsed_and_described_without_credentials(string path, string display)
    {
        Assert.True(HistoryTarget.TryParse(path, out var target, out _));

        Assert.Equal(HistoryBackend.Postgres, target.Backend);
        Assert.Equal(display, target.Display);
        Assert.DoesNotContain("pw", target.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_path_is_sqlite()
    {
        Assert.True(HistoryTarget.TryParse("./data/history.db", out var target, out _));
        Assert.Equal(HistoryBackend.Sqlite, target.Backend);
    }

    [Fact]
    public async Task AddHistory_validates_on_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Monitor:History:Path"] = "off", ["Monitor:History:QueueCapacity"] = "0" });
        builder.Services.AddHistory(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("QueueCapacity", error.Message, StringComparison.Ordinal);
    }
}
