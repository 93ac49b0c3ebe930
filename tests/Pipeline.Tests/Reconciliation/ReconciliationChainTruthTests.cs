using System.Text;
using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>Issue 6, failures 1 and 2: the audit chain is the source of truth; the row is a cache of it.</summary>
public sealed class ReconciliationChainTruthTests : ReconciliationTestBase
{
    [Fact]
    public async Task IngestAsync_Accepted_AuditRecordCarriesEveryFactOfTheRow()
    {
        var row = (await CleanCaseAsync("T1", 1))[0];

        var ingested = (await AuditAsync("T1")).Single(r => r.Kind == AuditKinds.DocumentIngested);
        var facts = DocumentFacts.TryParse(ingested.Facts);

        Assert.NotNull(facts);
        Assert.Equal(DocumentFacts.CurrentVersion, facts.Version);
        Assert.Equal(DocumentStates.Stored, facts.State);
        Assert.Equal((row.Sha256, row.Md5, row.Length, row.ContentType, row.FileName), (facts.Sha256, facts.Md5, facts.Length, facts.ContentType, facts.FileName));
        Assert.Equal((row.UploadedBy, row.EvidenceBlob, row.EvidenceETag, row.IntakeBlob), (facts.UploadedBy, facts.EvidenceBlob, facts.EvidenceETag, facts.IntakeBlob));
        Assert.Equal(row.UploadedAt.ToUnixTimeMilliseconds(), facts.UploadedAt.ToUnixTimeMilliseconds());
        // The verified state came with its own payload: the row (state included) matches the chain's last word.
        Assert.Empty(DocumentFacts.TryParse((await AuditAsync("T1"))[^1].Facts)!.Differences(row));
    }

    [Fact]
    public async Task RunAsync_BlobAndRowForgedConsistently_ChangedAndIndexAlteredNamingTheFields()
    {
        var row = (await CleanCaseAsync("T2", 2))[0];
        await Forgery.ReplaceConsistentlyAsync(Storage, row, Encoding.UTF8.GetBytes("a forged document of another length"));

        var quick = await ReconcileAsync();
        var rehash = await ReconcileAsync(new ReconciliationRequest(Rehash: true, ForceNew: true));

        foreach (var report in new[] { quick, rehash })
        {
            Assert.Equal([AnomalyKinds.Changed, AnomalyKinds.IndexAltered], report.Anomalies.Select(a => a.Kind).Order(StringComparer.Ordinal));
            Assert.All(report.Anomalies, a => Assert.Equal(("T2", row.DocumentId), (a.CaseId, a.DocumentId)));
            var altered = report.Anomalies.Single(a => a.Kind == AnomalyKinds.IndexAltered).Detail;
            Assert.All(new[] { "Sha256", "Md5", "Length", "EvidenceETag" }, field => Assert.Contains(field + " is", altered, StringComparison.Ordinal));
            Assert.DoesNotContain("FileName", altered, StringComparison.Ordinal);
            Assert.Contains(row.Sha256, report.Anomalies.Single(a => a.Kind == AnomalyKinds.Changed).Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_RehashAfterSameLengthForgery_BytesComparedWithTheChainDigest()
    {
        var row = (await CleanCaseAsync("T3", 1))[0];
        await Forgery.ReplaceConsistentlyAsync(Storage, row, Encoding.UTF8.GetBytes(new string('x', (int)row.Length)));

        var rehash = await ReconcileAsync(new ReconciliationRequest(Rehash: true, ForceNew: true));

        var changed = rehash.Anomalies.Single(a => a.Kind == AnomalyKinds.Changed);
        Assert.Contains($"the audit chain recorded {row.Sha256}", changed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_BlobAndRowForgedConsistently_CorruptNeverVerified()
    {
        var row = (await CleanCaseAsync("T4", 1))[0];
        var forged = Encoding.UTF8.GetBytes("forged bytes");
        await Forgery.ReplaceConsistentlyAsync(Storage, row, forged);
        var forgedRow = Assert.Single(await DocumentsAsync("T4"));

        // Whichever digest the request names: the row's forged one is stale, the chain's finds the forgery.
        var byRow = await Get<IntegrityChecker>().CheckAsync(new IntegrityCheckRequest("T4", row.DocumentId, forgedRow.Sha256));
        var byChain = await Get<IntegrityChecker>().CheckAsync(new IntegrityCheckRequest("T4", row.DocumentId, row.Sha256));

        Assert.Equal(IntegrityCheckResult.Stale, byRow.Outcome);
        Assert.Equal(DocumentStates.Corrupt, byChain.Outcome);
        Assert.Equal(DocumentStates.Corrupt, Assert.Single(await DocumentsAsync("T4")).State);
        var corrupt = (await AuditAsync("T4"))[^1];
        Assert.Equal(AuditKinds.DocumentCorrupt, corrupt.Kind);
        // The transition's payload carries the chain's digest, not the forged row's.
        Assert.Equal(row.Sha256, DocumentFacts.TryParse(corrupt.Facts)!.Sha256);
    }

    [Fact]
    public async Task RunAsync_RowFileNameEdited_IndexAlteredNamingFileName()
    {
        var rows = await CleanCaseAsync("T5", 2);
        await Forgery.EditRowAsync(Storage, "T5", rows[1].RowKey, new Dictionary<string, object> { [nameof(DocumentRecord.FileName)] = "shopping-list.txt" });

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.IndexAltered, "T5", rows[1].DocumentId), (anomaly.Kind, anomaly.CaseId, anomaly.DocumentId));
        Assert.Contains($"FileName is 'shopping-list.txt', the chain says '{rows[1].FileName}'", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RowStateAndUploaderEdited_IndexAlteredNamingBoth()
    {
        var rows = await CleanCaseAsync("T6", 1);
        await Forgery.EditRowAsync(Storage, "T6", rows[0].RowKey, new Dictionary<string, object>
        {
            [nameof(DocumentRecord.State)] = DocumentStates.Rejected,
            [nameof(DocumentRecord.UploadedBy)] = "someone-else@example.court",
        });

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal(AnomalyKinds.IndexAltered, anomaly.Kind);
        Assert.Contains("State is 'Rejected'", anomaly.Detail, StringComparison.Ordinal);
        Assert.Contains("UploadedBy is 'someone-else@example.court'", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ChainWrittenBeforePayloads_StillVerifiesAndComparesTheDigest()
    {
        // A case as the pipeline wrote it before payloads: a v1 record (no facts) committed with its row.
        await CleanCaseAsync("T7", 1);
        var legacy = new DocumentRecord
        {
            PartitionKey = "T7", RowKey = "legacy", Sha256 = new string('a', 64), Length = 3, ContentType = "text/plain", FileName = "old.txt",
            State = DocumentStates.Rejected, UploadedBy = "portal", IntakeBlob = "T7/legacy/old.txt", QuarantineBlob = null,
        };
        await Get<CaseLedger>().AppendAsync(
            "T7", new AuditEntry(AuditKinds.UploadRejected, "legacy", legacy.Sha256, "rejected before payloads existed"), [new TableTransactionAction(TableTransactionActionType.Add, legacy)]);

        var clean = await ReconcileAsync();
        await Forgery.EditRowAsync(Storage, "T7", "legacy", new Dictionary<string, object> { [nameof(DocumentRecord.Sha256)] = new string('b', 64), [nameof(DocumentRecord.FileName)] = "renamed.txt" });
        var edited = await ReconcileAsync();

        Assert.Null((await AuditAsync("T7"))[^1].Facts);
        Assert.True(clean.Clean, string.Join("; ", clean.Anomalies.Select(a => a.Detail)));
        var anomaly = Assert.Single(edited.Anomalies);
        Assert.Equal(AnomalyKinds.IndexAltered, anomaly.Kind);
        // A v1 record knows only the digest and state: the file name cannot be checked against it.
        Assert.Contains("Sha256 is", anomaly.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("FileName", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FactsOfAnAuditRecordEdited_ChainBrokenNotTrusted()
    {
        var rows = await CleanCaseAsync("T8", 1);
        var ingested = (await AuditAsync("T8")).Single(r => r.Kind == AuditKinds.DocumentIngested);
        // Someone rewrites the record's payload to match a renamed row, without the chain's hash.
        var facts = DocumentFacts.TryParse(ingested.Facts)! with { FileName = "renamed.txt" };
        await Forgery.EditRowAsync(Storage, "T8", ingested.RowKey, new Dictionary<string, object> { [nameof(AuditRecord.Facts)] = facts.ToJson() });
        await Forgery.EditRowAsync(Storage, "T8", rows[0].RowKey, new Dictionary<string, object> { [nameof(DocumentRecord.FileName)] = "renamed.txt" });

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal(AnomalyKinds.ChainBroken, anomaly.Kind);
        Assert.Contains("altered", anomaly.Detail, StringComparison.Ordinal);
        Assert.Equal(DocumentRowKeys.Audit(ingested.Sequence), ingested.RowKey);
    }
}
