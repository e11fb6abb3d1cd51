using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace UpstreamMonitor.Upstreams;

internal enum UpstreamFileFormat
{
    Unknown,

    /// <summary>leanpoint's <c>{"upstreams":[{"name","url","path"}]}</c> (JSON, or the same shape in YAML).</summary>
    LeanpointUpstreams,

    /// <summary>lean-quickstart's <c>validator-config.yaml</c>: one entry per node under <c>validators:</c>.</summary>
    LeanQuickstartValidatorConfig,
}

/// <summary>The outcome of reading an upstreams file: the set, or every problem found (each naming the file).</summary>
internal sealed record UpstreamFileReadResult(UpstreamSet? Set, IReadOnlyList<string> Errors, UpstreamFileFormat Format)
{
    public bool Succeeded => Set is not null && Errors.Count == 0;
}

/// <summary>
/// Reads an upstreams file in either format, told apart by content rather than extension: leanpoint's
/// <c>upstreams.json</c>, or lean-quickstart's <c>validator-config.yaml</c> (URL = <c>http://{enrFields.ip}:{apiPort,
/// else httpPort, else 8081 + index}</c>), so the monitor can be pointed at a devnet's own file.
/// </summary>
internal static class UpstreamFileReader
{
    /// <summary>lean-quickstart's fallback API port: 8081 + the node's index in <c>validators</c>.</summary>
    public const int QuickstartBasePort = 8081;

    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static UpstreamFileReadResult Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var shown = Describe(path);
        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed($"{shown}: upstreams file not found");
        }
        catch (UnauthorizedAccessException)
        {
            return Failed($"{shown}: cannot read the upstreams file: permission denied");
        }
        catch (IOException ex)
        {
            return Failed($"{shown}: cannot read the upstreams file: {ex.Message}");
        }

        return Parse(content, shown);
    }

    /// <summary>Parses file content; <paramref name="shownPath"/> names the file in the origin and in messages.</summary>
    public static UpstreamFileReadResult Parse(string content, string shownPath)
    {
        ArgumentNullException.ThrowIfNull(content);
        var trimmed = content.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0)
        {
            return Failed($"{shownPath}: the upstreams file is empty");
        }

        return trimmed[0] is '{' or '['
            ? ParseJson(content, shownPath)
            : ParseYaml(content, shownPath);
    }

    private static UpstreamFileReadResult ParseJson(string content, string shownPath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content.TrimStart('\uFEFF'), JsonOptions);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            return Failed($"{shownPath}: malformed JSON at line {line}, column {column}: {JsonReason(ex.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryGetProperty(root, "upstreams", out var list))
            {
                return Failed($"{shownPath}: expected an object with an \"upstreams\" list ({{\"upstreams\":[{{\"name\",\"url\"}}]}})");
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                return Failed($"{shownPath}: \"upstreams\" must be a list");
            }

            var errors = new List<string>();
            var candidates = new List<UpstreamCandidate>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var label = $"upstreams[{index++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{shownPath}: {label}: must be an object with \"name\" and \"url\"");
                    continue;
                }

                candidates.Add(new UpstreamCandidate(
                    label,
                    JsonString(item, "name", label, shownPath, errors),
                    JsonString(item, "url", label, shownPath, errors),
                    JsonString(item, "path", label, shownPath, errors)));
            }

            return Finish(candidates, errors, shownPath, UpstreamFileFormat.LeanpointUpstreams);
        }
    }

    private static UpstreamFileReadResult ParseYaml(string content, string shownPath)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException ex)
        {
            return Failed($"{shownPath}: malformed YAML at line {ex.Start.Line}, column {ex.Start.Column}: {YamlReason(ex)}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return Failed($"{shownPath}: expected a lean-quickstart validator-config.yaml (a \"validators\" list) " +
                          "or a leanpoint upstreams list (an \"upstreams\" list)");
        }

        if (Child(root, "validators") is { } validators)
        {
            return ParseValidators(validators, shownPath);
        }

        if (Child(root, "upstreams") is { } upstreams)
        {
            return ParseYamlUpstreams(upstreams, shownPath);
        }

        return Failed($"{shownPath}: neither a \"validators\" list (lean-quickstart validator-config.yaml) " +
                      "nor an \"upstreams\" list (leanpoint) was found");
    }

    private static UpstreamFileReadResult ParseValidators(YamlNode validators, string shownPath)
    {
        if (validators is not YamlSequenceNode sequence)
        {
            return Failed($"{shownPath}: line {validators.Start.Line}: \"validators\" must be a list");
        }

        var errors = new List<string>();
        var candidates = new List<UpstreamCandidate>();
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var node = sequence.Children[index];
            var label = $"validators[{index}] at line {node.Start.Line}";
            if (node is not YamlMappingNode entry)
            {
                errors.Add($"{shownPath}: {label}: must be a mapping with \"name\" and \"enrFields\"");
                continue;
            }

            var name = Scalar(entry, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{shownPath}: {label}: missing \"name\"");
                continue;
            }

            var described = $"{label} ({name})";
            var ip = Child(entry, "enrFields") is YamlMappingNode enr ? Scalar(enr, "ip") : null;
            if (string.IsNullOrWhiteSpace(ip))
            {
                errors.Add($"{shownPath}: {described}: missing enrFields.ip");
                continue;
            }

            var portKey = Scalar(entry, "apiPort") is not null ? "apiPort" : Scalar(entry, "httpPort") is not null ? "httpPort" : null;
            var port = QuickstartBasePort + index;
            if (portKey is not null)
            {
                var text = Scalar(entry, portKey);
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                {
                    errors.Add($"{shownPath}: {described}: {portKey} '{text}' is not a port number (1-65535)");
                    continue;
                }
            }

            var host = ip.Trim();
            host = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
            candidates.Add(new UpstreamCandidate(label, name, string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}")));
        }

        return Finish(candidates, errors, shownPath, UpstreamFileFormat.LeanQuickstartValidatorConfig);
    }

    private static UpstreamFileReadResult ParseYamlUpstreams(YamlNode upstreams, string shownPath)
    {
        if (upstreams is not YamlSequenceNode sequence)
        {
            return Failed($"{shownPath}: line {upstreams.Start.Line}: \"upstreams\" must be a list");
        }

        var errors = new List<string>();
        var candidates = new List<UpstreamCandidate>();
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var node = sequence.Children[index];
            var label = $"upstreams[{index}] at line {node.Start.Line}";
            if (node is not YamlMappingNode entry)
            {
                errors.Add($"{shownPath}: {label}: must be a mapping with \"name\" and \"url\"");
                continue;
            }

            candidates.Add(new UpstreamCandidate(label, Scalar(entry, "name"), Scalar(entry, "url"), Scalar(entry, "path")));
        }

        return Finish(candidates, errors, shownPath, UpstreamFileFormat.LeanpointUpstreams);
    }

    private static UpstreamFileReadResult Finish(
        List<UpstreamCandidate> candidates, List<string> errors, string shownPath, UpstreamFileFormat format)
    {
        if (errors.Count == 0 && candidates.Count == 0)
        {
            return new(null, [$"{shownPath}: lists no upstreams"], format);
        }

        var result = UpstreamListRules.Build(candidates, $"{FormatName(format)} {shownPath}");
        errors.AddRange(result.Errors.Select(e => $"{shownPath}: {e}"));
        return errors.Count == 0 ? new(result.Set, [], format) : new(null, errors, format);
    }

    public static string FormatName(UpstreamFileFormat format) => format switch
    {
        UpstreamFileFormat.LeanpointUpstreams => "leanpoint upstreams.json",
        UpstreamFileFormat.LeanQuickstartValidatorConfig => "lean-quickstart validator-config.yaml",
        _ => "unknown format",
    };

    /// <summary>The path as given, plus its absolute form when relative (the working directory is often not obvious).</summary>
    public static string Describe(string path) =>
        Path.IsPathFullyQualified(path) ? path : $"{path} ({Path.GetFullPath(path)})";

    private static UpstreamFileReadResult Failed(string error) => new(null, [error], UpstreamFileFormat.Unknown);

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string? JsonString(JsonElement item, string name, string label, string shownPath, List<string> errors)
    {
        if (!TryGetProperty(item, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{shownPath}: {label}: \"{name}\" must be a string");
            return null;
        }

        return value.GetString();
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key)
    {
        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode scalar && string.Equals(scalar.Value, key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    // System.Text.Json appends "Path: $ | LineNumber: 2 | BytePositionInLine: 4." to its messages; we print our own.
    private static string JsonReason(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        cut = cut < 0 ? message.IndexOf(" LineNumber:", StringComparison.Ordinal) : cut;
        return (cut < 0 ? message : message[..cut]).Trim();
    }

    // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: 3, Col: 6, Idx: 41): "; we print our own position.
    private static string YamlReason(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
    }
}
