namespace UpstreamMonitor.Configuration;

internal enum ConfigurationIssueSeverity
{
    Error,
    Warning,
}

/// <summary>A problem with one setting. <paramref name="Key"/> is the options property (under <c>Monitor:</c>); the caller
/// names it the way the user wrote it (a flag, a variable, an appsettings key). A null key means the problem already
/// names its place (an inline upstream entry).</summary>
internal sealed record ConfigurationIssue(string? Key, ConfigurationIssueSeverity Severity, string Problem)
{
    public bool IsError => Severity == ConfigurationIssueSeverity.Error;

    public static ConfigurationIssue Error(string? key, string problem) => new(key, ConfigurationIssueSeverity.Error, problem);

    public static ConfigurationIssue Warning(string key, string problem) => new(key, ConfigurationIssueSeverity.Warning, problem);
}
