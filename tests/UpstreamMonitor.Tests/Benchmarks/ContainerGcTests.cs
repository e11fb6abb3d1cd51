using UpstreamMonitor.Benchmarks.Measurement;

namespace UpstreamMonitor.Tests.Benchmarks;

public class ContainerGcTests
{
    [Fact]
    public void Runtimeconfig_gc_properties_become_the_environment_variables_the_runtime_reads()
    {
        const string json = """
            {"runtimeOptions": {"configProperties": {
              "System.GC.Server": true,
              "System.GC.Concurrent": false,
              "System.GC.DynamicAdaptationMode": 1,
              "System.GC.HeapHardLimit": 209715200,
              "System.Globalization.Invariant": true
            }}}
            """;

        var environment = ContainerGc.FromRuntimeConfig(json);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["DOTNET_gcServer"] = "1",
                ["DOTNET_gcConcurrent"] = "0",
                ["DOTNET_GCDynamicAdaptationMode"] = "1",
                ["DOTNET_GCHeapHardLimit"] = "C800000",
            },
            environment);
    }

    [Fact]
    public void A_value_that_is_not_a_flag_or_number_is_refused_by_name()
    {
        const string json = """{"runtimeOptions": {"configProperties": {"System.GC.Server": "yes"}}}""";

        var error = Assert.Throws<InvalidDataException>(() => ContainerGc.FromRuntimeConfig(json));

        Assert.Contains("System.GC.Server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_project_ships_server_gc_with_dynamic_adaptation()
    {
        // Read from the host's runtimeconfig beside the benchmark assembly: what the container runs is what is measured.
        var environment = ContainerGc.Environment;

        Assert.Equal("1", environment["DOTNET_gcServer"]);
        Assert.Equal("1", environment["DOTNET_GCDynamicAdaptationMode"]);
    }
}
