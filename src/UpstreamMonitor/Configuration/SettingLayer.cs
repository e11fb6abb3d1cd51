namespace UpstreamMonitor.Configuration;

/// <summary>A value of a <see cref="SettingLayer"/>: the configuration key, its value, and how the user wrote it.</summary>
internal sealed record SettingEntry(string Key, string Value, SettingOrigin Origin);

/// <summary>
/// A configuration source that remembers where each of its values came from (the flag, the <c>LEANPOINT_*</c> or
/// <c>Monitor__*</c> variable), so <c>--check-config</c> and error messages can name it. Flags and variables become
/// ordinary configuration through these; IConfiguration's own layering decides which value wins.
/// </summary>
internal sealed class SettingLayer(IReadOnlyList<SettingEntry> entries) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(entries);

    /// <summary>The provider of a <see cref="SettingLayer"/>.</summary>
    internal sealed class Provider : ConfigurationProvider
    {
        private readonly Dictionary<string, SettingOrigin> _origins = new(StringComparer.OrdinalIgnoreCase);

        public Provider(IReadOnlyList<SettingEntry> entries)
        {
            foreach (var entry in entries)
            {
                Data[entry.Key] = entry.Value;
                _origins[entry.Key] = entry.Origin;
            }
        }

        /// <summary>Where <paramref name="path"/> (a value, or a section such as <c>Monitor:Upstreams</c>) came from.</summary>
        public SettingOrigin? OriginOf(string path)
        {
            if (_origins.TryGetValue(path, out var origin))
            {
                return origin;
            }

            var prefix = path + ConfigurationPath.KeyDelimiter;
            return _origins.FirstOrDefault(o => o.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Value;
        }
    }
}
