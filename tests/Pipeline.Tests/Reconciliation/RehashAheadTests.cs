using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Hosting;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// <c>--rehash</c> hashes a case's evidence blobs while earlier cases are compared, and the comparison uses those
/// hashes: every evidence blob is read once, also when a case is listed again because its listing disagreed.
/// </summary>
public sealed class RehashAheadTests : ReconciliationTestBase
{
    private static readonly string[] Cases = ["RA-1", "RA-2", "RA-3", "RA-4", "RA-5", "RA-6"];
    private readonly ConcurrentDictionary<string, int> _evidenceReads = new(StringComparer.Ordinal);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Reconciliation:VerificationGrace", "1.00:00:00"),
        new("Pipeline:Reconciliation:CasesAhead", "3"),
        new("Pipeline:Reconciliation:RehashConcurrency", "2"),
    ];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddPipelineStorageClients(options => options.AddPolicy(new BlobDownloads(_evidenceReads), HttpPipelinePosition.PerCall));

    [Fact]
    public async Task RunAsync_RehashOfCleanCases_EveryEvidenceBlobReadOnce()
    {
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(Cases, 3, Time.GetUtcNow());
        _evidenceReads.Clear();

        var report = await ReconcileAsync(new ReconciliationRequest(Rehash: true, ForceNew: true));

        Assert.Equal((0, 18L), (report.AnomalyCount, report.DocumentsChecked));
        var reads = EvidenceReadCounts();
        Assert.Equal(18, reads.Count);
        Assert.All(reads, read => Assert.Equal(1, read.Value));
    }

    [Fact]
    public async Task RunAsync_RehashCaseListedAgain_MissingFoundAndOtherBlobsReadOnce()
    {
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(Cases, 3, Time.GetUtcNow());
        var deleted = "RA-3/doc-0001/doc-0001.txt";
        await Storage.Evidence.GetBlobClient(deleted).DeleteAsync();
        _evidenceReads.Clear();

        var report = await ReconcileAsync(new ReconciliationRequest(Rehash: true, ForceNew: true));

        var missing = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.Missing, "RA-3", "doc-0001"), (missing.Kind, missing.CaseId, missing.DocumentId));
        var reads = EvidenceReadCounts();
        Assert.Equal(17, reads.Count);
        Assert.DoesNotContain(deleted, reads.Keys);
        Assert.All(reads, read => Assert.Equal(1, read.Value));
    }

    /// <summary>Downloads of each of this test's evidence blobs, by blob name.</summary>
    private Dictionary<string, int> EvidenceReadCounts()
    {
        var container = "/" + Storage.Evidence.Name + "/";
        return _evidenceReads
            .Where(read => read.Key.Contains(container, StringComparison.Ordinal))
            .ToDictionary(read => read.Key[(read.Key.IndexOf(container, StringComparison.Ordinal) + container.Length)..], read => read.Value, StringComparer.Ordinal);
    }

    /// <summary>Counts blob downloads by path (GETs without a query: not listings, properties or tags).</summary>
    private sealed class BlobDownloads(ConcurrentDictionary<string, int> reads) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            var uri = message.Request.Uri.ToUri();
            if (message.Request.Method == RequestMethod.Get && string.IsNullOrEmpty(uri.Query))
            {
                reads.AddOrUpdate(Uri.UnescapeDataString(uri.AbsolutePath), 1, (_, count) => count + 1);
            }
        }
    }
}
