using UpstreamMonitor.Tests.Configuration;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Upstreams;

public sealed class UpstreamFileReaderTests
{
    [Fact]
    public void Local_quickstart_devnet_yields_ten_upstreams_with_their_api_ports()
    {
        var result = UpstreamFileReader.Read(RepositoryFiles.Fixture("local-devnet.validator-config.yaml"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(UpstreamFileFormat.LeanQuickstartValidatorConfig, result.Format);
        var upstreams = result.Set!.Upstreams;
        Assert.Equal(10, upstreams.Count);
        Assert.Equal(
            ["zeam_0", "ream_0", "qlean_0", "lantern_0", "lighthouse_0", "grandine_0", "ethlambda_0", "gean_0", "peam_0", "nlean_0"],
            upstreams.Select(u => u.Name));
        Assert.Equal(
            [5051, 5052, 5053, 5054, 5055, 8086, 8087, 5058, 5059, 5060],
            upstreams.Select(u => u.Url.Port));
        Assert.All(upstreams, u => Assert.Equal("127.0.0.1", u.Url.Host));
        var grandine = upstreams.Single(u => u.Name == "grandine_0");
        Assert.Equal(new Uri("http://127.0.0.1:8086/"), grandine.Url);
        Assert.Equal("grandine", grandine.Client);
    }

    [Fact]
    public void Ansible_quickstart_devnet_yields_sixteen_upstreams_one_per_host()
    {
        var result = UpstreamFileReader.Read(RepositoryFiles.Fixture("ansible-devnet.validator-config.yaml"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var upstreams = result.Set!.Upstreams;
        Assert.Equal(16, upstreams.Count);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(new Uri($"http://127.0.0.{i + 2}:5055/"), upstreams[i].Url);
        }

        Assert.Equal("zeam_0", upstreams[0].Name);
        Assert.Equal("nlean_1", upstreams[15].Name);
        Assert.Equal(8, upstreams.Select(u => u.Client).Distinct().Count());
    }

    [Fact]
    public void Leanpoint_upstreams_json_parses_and_keeps_the_legacy_path()
    {
        var result = UpstreamFileReader.Read(RepositoryFiles.Fixture("leanpoint-upstreams.json"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(UpstreamFileFormat.LeanpointUpstreams, result.Format);
        Assert.Equal(["zeam_0", "ream_0", "qlean_0", "lantern_0"], result.Set!.Upstreams.Select(u => u.Name));
        Assert.Equal(new Uri("http://127.0.0.1:5052"), result.Set.Upstreams[1].Url);
        Assert.All(result.Set.Upstreams, u => Assert.Equal("/v0/health", u.Path));
        Assert.Contains("leanpoint upstreams.json", result.Set.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_is_detected_by_content_not_extension()
    {
        var yamlInJsonFile = UpstreamFileReader.Parse("validators:\n  - name: zeam_0\n    enrFields:\n      ip: 127.0.0.1\n    apiPort: 5051\n", "x.json");
        var jsonInYamlFile = UpstreamFileReader.Parse("{\"upstreams\":[{\"name\":\"a\",\"url\":\"http://127.0.0.1:1\"}]}", "x.yaml");

        Assert.Equal(UpstreamFileFormat.LeanQuickstartValidatorConfig, yamlInJsonFile.Format);
        Assert.Equal(UpstreamFileFormat.LeanpointUpstreams, jsonInYamlFile.Format);
        Assert.True(yamlInJsonFile.Succeeded);
        Assert.True(jsonInYamlFile.Succeeded);
    }

    [Fact]
    public void Quickstart_port_falls_back_to_http_port_then_8081_plus_index()
    {
        const string yaml = """
            validators:
              - name: zeam_0
                enrFields: { ip: 127.0.0.1 }
                apiPort: 5051
              - name: ream_0
                enrFields: { ip: 127.0.0.1 }
                httpPort: 6000
              - name: qlean_0
                enrFields: { ip: 127.0.0.1 }
            """;

        var result = UpstreamFileReader.Parse(yaml, "config.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal([5051, 6000, 8083], result.Set!.Upstreams.Select(u => u.Url.Port));
    }

    [Fact]
    public void Quickstart_ipv6_address_gets_brackets()
    {
        var result = UpstreamFileReader.Parse("validators:\n  - name: zeam_0\n    enrFields:\n      ip: \"::1\"\n    apiPort: 5051\n", "v6.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(new Uri("http://[::1]:5051/"), result.Set!.Upstreams[0].Url);
    }

    [Theory]
    [InlineData("{\"upstreams\": [\n  {\"name\": \"a\", \"url\": \"http://127.0.0.1:1\"\n]}", "malformed JSON at line 3, column 1")]
    [InlineData("validators:\n  - name: x\n   bad: [\n", "malformed YAML at line 3, column 4")]
    public void Malformed_files_name_line_and_column(string content, string expected)
    {
        var result = UpstreamFileReader.Parse(content, "/etc/leanpoint/upstreams.json");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("/etc/leanpoint/upstreams.json: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"upstreams":[{"url":"http://127.0.0.1:1"}]}""", "upstreams[0]: missing \"name\"")]
    [InlineData("""{"upstreams":[{"name":"zeam_0"}]}""", "upstreams[0] (zeam_0): missing \"url\"")]
    [InlineData("""{"upstreams":[{"name":"zeam_0","url":"127.0.0.1:5051"}]}""", "upstreams[0] (zeam_0): url '127.0.0.1:5051' is not an absolute http(s) URL")]
    [InlineData("""{"upstreams":[{"name":"zeam_0","url":"ftp://127.0.0.1/"}]}""", "is not an absolute http(s) URL")]
    [InlineData("""{"upstreams":[{"name":"zeam_0","url":"/relative"}]}""", "is not an absolute http(s) URL")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://127.0.0.1:1"},{"name":"a","url":"http://127.0.0.1:2"}]}""", "upstreams[1] (a): duplicate name, already used by upstreams[0]")]
    [InlineData("""{"upstreams":[]}""", "lists no upstreams")]
    [InlineData("""{"nodes":[]}""", "expected an object with an \"upstreams\" list")]
    [InlineData("""{"upstreams":[{"name":5,"url":"http://127.0.0.1:1"}]}""", "upstreams[0]: \"name\" must be a string")]
    [InlineData("validators: []\n", "lists no upstreams")]
    [InlineData("validators:\n  - name: zeam_0\n    apiPort: 5051\n", "validators[0] at line 2 (zeam_0): missing enrFields.ip")]
    [InlineData("validators:\n  - enrFields: { ip: 127.0.0.1 }\n", "validators[0] at line 2: missing \"name\"")]
    [InlineData("validators:\n  - name: zeam_0\n    enrFields: { ip: 127.0.0.1 }\n    apiPort: http\n", "apiPort 'http' is not a port number")]
    [InlineData("validators:\n  - name: zeam_0\n    enrFields: { ip: 127.0.0.1 }\n    apiPort: 70000\n", "apiPort '70000' is not a port number")]
    [InlineData("deployment_mode: local\n", "neither a \"validators\" list")]
    [InlineData("   \n", "the upstreams file is empty")]
    public void Invalid_entries_each_give_their_specific_error(string content, string expected)
    {
        var result = UpstreamFileReader.Parse(content, "upstreams.json");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_bad_entry_is_reported_at_once()
    {
        const string json = """
            {"upstreams":[
              {"url":"http://127.0.0.1:1"},
              {"name":"b"},
              {"name":"c","url":"nope"},
              {"name":"d","url":"http://127.0.0.1:4"},
              {"name":"d","url":"http://127.0.0.1:5"}
            ]}
            """;

        var result = UpstreamFileReader.Parse(json, "u.json");

        Assert.Equal(4, result.Errors.Count);
    }

    [Fact]
    public void Credentials_are_accepted_and_masked_in_display_and_errors()
    {
        var ok = UpstreamFileReader.Parse("""{"upstreams":[{"name":"a","url":"http://admin:hunter2@127.0.0.1:5051"}]}""", "u.json");
        var bad = UpstreamFileReader.Parse("""{"upstreams":[{"name":"a","url":"htp://admin:hunter2@127.0.0.1:5051"}]}""", "u.json");

        Assert.True(ok.Succeeded);
        Assert.Equal("admin:hunter2", ok.Set!.Upstreams[0].Url.UserInfo);
        Assert.Equal("http://***@127.0.0.1:5051/", ok.Set.Upstreams[0].DisplayUrl);
        var error = Assert.Single(bad.Errors);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.Contains("htp://***@127.0.0.1:5051", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Leanpoint_shape_written_in_yaml_is_accepted()
    {
        var result = UpstreamFileReader.Parse("upstreams:\n  - name: zeam_0\n    url: http://127.0.0.1:5051\n", "upstreams.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("zeam_0", result.Set!.Upstreams[0].Name);
    }

    [Fact]
    public void Missing_file_names_its_path()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "nothere.json");

        var result = UpstreamFileReader.Read(path);

        Assert.Equal($"{path}: upstreams file not found", Assert.Single(result.Errors));
    }

    [Fact]
    public void Relative_path_is_shown_with_its_absolute_form()
    {
        var result = UpstreamFileReader.Read("definitely-missing-upstreams.json");

        Assert.Contains(Path.GetFullPath("definitely-missing-upstreams.json"), Assert.Single(result.Errors), StringComparison.Ordinal);
    }
}
