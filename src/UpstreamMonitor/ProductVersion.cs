using System.Reflection;

namespace UpstreamMonitor;

/// <summary>
/// The product version, from the assembly (set once, as <c>Version</c> in Directory.Build.props). <c>--version</c>,
/// the start-up log line and the OpenAPI document all read it here, so they cannot disagree.
/// </summary>
internal static class ProductVersion
{
    public static string Current { get; } =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ProductVersion).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";
}
