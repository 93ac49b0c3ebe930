using System.Text.Json.Nodes;
using Pipeline.Ingest;
using Pipeline.Integrity;

namespace Pipeline.Tests.Throughput;

/// <summary>
/// The local host runs ingests and checks as the Functions host does on one instance: <c>host.json</c>'s blob and queue
/// settings and the options' limits are the same numbers, and the defaults never go past them.
/// </summary>
public sealed class HostConcurrencyTests
{
    private static readonly JsonNode Extensions = ReadHostJson()["extensions"]!;

    [Fact]
    public void IngestConcurrencyLimit_HostJsonBlobs_AreTheSame()
    {
        Assert.Equal(IngestOptions.ConcurrencyLimit, (int)Extensions["blobs"]!["maxDegreeOfParallelism"]!);
    }

    [Fact]
    public void CheckConcurrencyLimit_HostJsonQueues_MessagesInFlightAreTheSame()
    {
        var queues = Extensions["queues"]!;

        // The queue trigger handles up to batchSize + newBatchThreshold messages at once on one instance.
        Assert.Equal(IntegrityCheckOptions.ConcurrencyLimit, (int)queues["batchSize"]! + (int)queues["newBatchThreshold"]!);
    }

    [Theory]
    [InlineData(1, 2, 6)]
    [InlineData(2, 4, 12)]
    [InlineData(64, 4, 12)]
    public void DefaultConcurrency_Cores_ScalesWithCoresUpToTheHostLimit(int cores, int ingests, int checks)
    {
        Assert.Equal((ingests, checks), (IngestOptions.DefaultConcurrency(cores), IntegrityCheckOptions.DefaultConcurrency(cores)));
    }

    [Fact]
    public void Options_Defaults_FollowThisMachinesCores()
    {
        Assert.Equal(IngestOptions.DefaultConcurrency(Environment.ProcessorCount), new IngestOptions().Concurrency);
        Assert.Equal(IntegrityCheckOptions.DefaultConcurrency(Environment.ProcessorCount), new IntegrityCheckOptions().Concurrency);
    }

    private static JsonNode ReadHostJson()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "host.json");
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return JsonNode.Parse(File.ReadAllText(candidate))!;
            }
        }

        throw new FileNotFoundException("host.json beside Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
