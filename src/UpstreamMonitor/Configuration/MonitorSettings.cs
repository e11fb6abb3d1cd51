using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.History;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Configuration;

/// <summary>
/// Every feature's options, bound from the one <c>Monitor</c> section: what <c>--check-config</c> shows and what the
/// entry point checks before building the host. Inside the host each feature asks for its own type instead.
/// </summary>
internal sealed record MonitorSettings(
    MonitorHostOptions Host,
    UpstreamsOptions Upstreams,
    PollingOptions Polling,
    ConsensusOptions Consensus,
    CheckpointSyncOptions CheckpointSync,
    AlertOptions Alerts,
    HistoryOptions History)
{
    private static readonly MonitorHostOptionsRules HostRules = new();
    private static readonly UpstreamsOptionsRules UpstreamsRules = new();
    private static readonly PollingOptionsRules PollingRules = new();
    private static readonly ConsensusOptionsRules ConsensusRules = new();
    private static readonly CheckpointSyncOptionsRules CheckpointSyncRules = new();
    private static readonly AlertOptionsValidator AlertRules = new();
    private static readonly HistoryOptionsValidator HistoryRules = new();

    /// <summary>Binds every options type; throws <see cref="InvalidOperationException"/> when a value does not convert.</summary>
    public static MonitorSettings Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(MonitorSection.Name);
        return new(
            section.Get<MonitorHostOptions>() ?? new(),
            section.Get<UpstreamsOptions>() ?? new(),
            section.Get<PollingOptions>() ?? new(),
            section.Get<ConsensusOptions>() ?? new(),
            section.Get<CheckpointSyncOptions>() ?? new(),
            configuration.GetSection(AlertOptions.SectionName).Get<AlertOptions>() ?? new(),
            configuration.GetSection(HistoryOptions.SectionName).Get<HistoryOptions>() ?? new());
    }

    /// <summary>The same rules the host validates at start, with the warnings it logs.</summary>
    public IEnumerable<ConfigurationIssue> Check() =>
    [
        .. HostRules.Check(Host), .. UpstreamsRules.Check(Upstreams), .. PollingRules.Check(Polling),
        .. ConsensusRules.Check(Consensus), .. CheckpointSyncRules.Check(CheckpointSync), .. Issues(AlertRules.Validate(null, Alerts)),
        .. Issues(HistoryRules.Validate(null, History)),
    ];

    /// <summary>Alerts and history bind their own subsections; their validators' messages already name the entry.</summary>
    private static IEnumerable<ConfigurationIssue> Issues(ValidateOptionsResult result) =>
        result is { Failed: true, Failures: { } failures }
            ? failures.Select(failure => ConfigurationIssue.Error(null, failure))
            : [];

    /// <summary>Binds each feature's options from <c>Monitor</c>, validated at start by its rules.</summary>
    public static IServiceCollection AddTo(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(MonitorSection.Name);
        Add<MonitorHostOptions, MonitorHostOptionsRules>(services, section);
        Add<UpstreamsOptions, UpstreamsOptionsRules>(services, section);
        Add<PollingOptions, PollingOptionsRules>(services, section);
        Add<ConsensusOptions, ConsensusOptionsRules>(services, section);
        Add<CheckpointSyncOptions, CheckpointSyncOptionsRules>(services, section);
        return services;
    }

    private static void Add<TOptions, TRules>(IServiceCollection services, IConfigurationSection section)
        where TOptions : class
        where TRules : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TRules>());
    }
}
