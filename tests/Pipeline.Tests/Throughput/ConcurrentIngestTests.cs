using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Local;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Throughput;

/// <summary>
/// Eight ingests and eight checks at a time, while the same uploads are delivered again (a second sweep, as from a
/// second host, and trigger re-deliveries): every upload ends as exactly one row, one ingest audit record and one
/// evidence blob, verified, marked, with each case's chain intact.
/// </summary>
public sealed class ConcurrentIngestTests : AzuriteTestBase
{
    private const int Cases = 5;
    private const int PerCase = 40;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Ingest:Concurrency", "8"),
        new("Pipeline:IntegrityChecks:Concurrency", "8"),
    ];

    [Fact]
    public async Task PassAsync_200UploadsSomeRedelivered_EachIngestedExactlyOnce()
    {
        var uploads = new List<string>();
        foreach (var chunk in Enumerable.Range(0, Cases * PerCase).Chunk(25))
        {
            uploads.AddRange(await Task.WhenAll(chunk.Select(i => UploadTextAsync($"CI{i % Cases}", $"up-{i:D3}", $"document {i} of the concurrency test"))));
        }

        var runner = ActivatorUtilities.CreateInstance<LocalRunner>(Services);
        var secondSweep = ActivatorUtilities.CreateInstance<IntakeSweeper>(Services);
        var redelivered = uploads.Where((_, i) => i % 10 == 3).ToList();

        await Task.WhenAll(
            runner.PassAsync(),
            secondSweep.SweepAsync(TimeSpan.Zero),
            Task.WhenAll(redelivered.Select(u => Task.Run(() => Get<IngestService>().IngestAsync(u)))));
        await runner.UntilIdleAsync();

        for (var c = 0; c < Cases; c++)
        {
            var caseId = $"CI{c}";
            var rows = await DocumentsAsync(caseId);
            Assert.Equal(PerCase, rows.Count);
            Assert.All(rows, r => Assert.Equal(DocumentStates.Verified, r.State));
            var audit = await AuditAsync(caseId);
            var ingested = audit.Where(a => a.Kind == AuditKinds.DocumentIngested).Select(a => a.DocumentId).ToList();
            Assert.Equal(rows.Select(r => r.DocumentId).Order(), ingested.Order());
            Assert.Equal(PerCase, audit.Count(a => a.Kind == AuditKinds.DocumentVerified));
            Assert.DoesNotContain(audit, a => a.Kind is AuditKinds.UploadDuplicate or AuditKinds.UploadConflict);
            var verifier = new AuditChainVerifier(caseId);
            audit.ForEach(verifier.Add);
            verifier.Complete(await Get<CaseLedger>().GetHeadAsync(caseId));
            Assert.Null(verifier.Break);
        }

        Assert.Equal(uploads.Order(), (await ListAsync(Storage.Evidence)).Order());
        Assert.Empty(await ListAsync(Storage.Quarantine));
        Assert.All(await Task.WhenAll(uploads.Select(IsMarkedAsync)), Assert.True);
        Assert.Equal(0, await QueueLengthAsync());
    }
}
