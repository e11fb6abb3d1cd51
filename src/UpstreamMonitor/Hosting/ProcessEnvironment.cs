using System.Collections;

namespace UpstreamMonitor.Hosting;

/// <summary>What the entry point reads from outside its arguments: environment variables and the directory holding
/// appsettings.json. A value so tests can supply their own without touching the real process environment.</summary>
/// <param name="Variables">Environment variables by name.</param>
/// <param name="ContentRoot">Where appsettings.json is read from (the host uses <see cref="AppContext.BaseDirectory"/>).</param>
internal sealed record ProcessEnvironment(IReadOnlyDictionary<string, string> Variables, string ContentRoot)
{
    public static ProcessEnvironment Current()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                variables[key] = value;
            }
        }

        return new(variables, AppContext.BaseDirectory);
    }
}
