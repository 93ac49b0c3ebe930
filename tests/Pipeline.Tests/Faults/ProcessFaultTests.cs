using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Xunit.Abstractions;

namespace Pipeline.Tests.Faults;

/// <summary>
/// Faults only a whole process can suffer, on an Azurite of the test's own: <c>local/pipeline run</c> killed (SIGKILL)
/// mid-batch and started again, then storage itself stopped under a running batch and restarted. The run that follows
/// finishes, and reconciliation finds the store complete and clean: every upload in evidence exactly once, every chain whole.
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Documents = 40;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);
    private readonly OwnAzurite _azurite = new();
    private readonly string _files = Path.Combine(Path.GetTempPath(), "pipeline-process-faults-" + Guid.NewGuid().ToString("N")[..12]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _azurite.StopAndDeleteAsync();
        Directory.Delete(_files, recursive: true);
    }

    [Fact]
    [Trait("Category", "Faults")]
    public async Task Run_KilledMidBatchThenStorageRestartedMidBatch_NextRunFinishesAndReconciliationIsClean()
    {
        var environment = _azurite.Environment;
        await RunAsync(environment, "up");
        foreach (var caseId in new[] { "P1", "P2" })
        {
            await RunAsync(environment, ["upload", "--case", caseId, .. WriteFiles(caseId, Documents / 2)]);
        }

        var evidence = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient("evidence");

        // 1. The run is killed (SIGKILL) part-way through the batch: some uploads ingested, others not yet.
        using (var first = LocalPipelineProcess.Start(environment, "run", "--once"))
        {
            var reached = await WaitForEvidenceAsync(evidence, 3, first);
            Assert.False(first.HasExited, "the first run ended before it could be killed mid-batch:\n" + first.Output);
            await first.KillAsync();
            output.WriteLine($"run killed with {reached} of {Documents} documents in evidence");
        }

        // 2. Started again; storage stops under it (the run fails or retries), then comes back.
        var beforeStop = await CountAsync(evidence);
        using (var second = LocalPipelineProcess.Start(environment, "run", "--once"))
        {
            await WaitForEvidenceAsync(evidence, beforeStop + 2, second);
            await _azurite.StopAsync();
            var exitCode = await second.WaitAsync(TimeSpan.FromMinutes(2));
            output.WriteLine($"storage stopped with {beforeStop}+ documents in evidence; the run {(exitCode is { } code ? "exited " + code.ToString(CultureInfo.InvariantCulture) : "was still retrying and was killed")}");
            await second.KillAsync();
        }

        await _azurite.StartAsync();

        // 3. The next run finishes, and the store is complete and clean.
        await RunAsync(environment, "run", "--once");
        var (reconcileExit, reconcileOutput) = await LocalPipelineProcess.RunAsync(environment, CommandTimeout, "reconcile");
        output.WriteLine(reconcileOutput);
        Assert.True(reconcileExit == 0, reconcileOutput);
        var names = new List<string>();
        await foreach (var blob in evidence.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        Assert.Equal(Documents, names.Count);
        Assert.Equal(Documents, names.Select(n => string.Join('/', n.Split('/').Take(2))).Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, text) = await LocalPipelineProcess.RunAsync(environment, CommandTimeout, arguments);
        Assert.True(exitCode == 0, $"pipeline {arguments[0]} exited {exitCode}:\n{text}");
        return (exitCode, text);
    }

    private static async Task<int> WaitForEvidenceAsync(BlobContainerClient evidence, int atLeast, LocalPipelineProcess run)
    {
        while (true)
        {
            var count = await CountAsync(evidence);
            if (count >= atLeast || run.HasExited)
            {
                return count;
            }

            await Task.Delay(50);
        }
    }

    private static async Task<int> CountAsync(BlobContainerClient evidence)
    {
        if (!await evidence.ExistsAsync())
        {
            return 0;
        }

        var count = 0;
        await foreach (var _ in evidence.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }

    /// <summary>Text files of 32 KiB to 1.2 MiB, large enough that a batch of them takes a while to ingest.</summary>
    private string[] WriteFiles(string caseId, int count)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_files, caseId)).FullName;
        var random = new Random(20261128 + caseId.Length);
        return Enumerable.Range(0, count).Select(i =>
        {
            var path = Path.Combine(folder, $"exhibit-{i:D2}.txt");
            var text = new StringBuilder();
            var size = 32 * 1024 * (1 + (i % 10) * 4);
            while (text.Length < size)
            {
                text.Append(CultureInfo.InvariantCulture, $"{caseId} exhibit {i} line {text.Length} {random.Next()}\n");
            }

            File.WriteAllText(path, text.ToString());
            return path;
        }).ToArray();
    }
}
