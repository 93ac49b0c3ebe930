using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

public sealed class ReconciliationServiceTests : ReconciliationTestBase
{
    [Fact]
    public async Task RunAsync_CleanStore_NoAnomaliesAndEverythingCounted()
    {
        await CleanCaseAsync("R1", 3);
        await CleanCaseAsync("R2", 2);

        var report = await ReconcileAsync();

        Assert.True(report.Clean);
        Assert.Empty(report.Anomalies);
        Assert.Equal(2, report.CasesChecked);
        Assert.Equal(5, report.DocumentsChecked);
        Assert.Equal(5, report.BlobsScanned);
        Assert.Equal(5, report.IntakeBlobsScanned);
        Assert.All(AnomalyKinds.Findings, kind => Assert.Equal(0, report.Counts[kind]));
        Assert.Equal(0, report.Maintenance.Count);
    }

    [Fact]
    public async Task RunAsync_EvidenceBlobDeleted_Missing()
    {
        var rows = await CleanCaseAsync("R3", 2);
        await Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob).DeleteAsync();

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.Missing, "R3", rows[0].DocumentId, rows[0].EvidenceBlob), (anomaly.Kind, anomaly.CaseId, anomaly.DocumentId, anomaly.Blob));
        Assert.Equal(1, report.ChecksEnqueued);
    }

    [Fact]
    public async Task RunAsync_EvidenceBlobOverwritten_Changed()
    {
        var rows = await CleanCaseAsync("R4", 2);
        var blob = Storage.Evidence.GetBlobClient(rows[1].EvidenceBlob);
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        await blob.UploadAsync(new MemoryStream("someone else's bytes"u8.ToArray()), new BlobUploadOptions { Metadata = metadata });

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal(AnomalyKinds.Changed, anomaly.Kind);
        Assert.Equal(rows[1].DocumentId, anomaly.DocumentId);
        Assert.Contains("ETag", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BytesChangedAndRowRepinnedToTheBlob_ChangedAgainstTheChainAndRowIndexAltered()
    {
        var rows = await CleanCaseAsync("R5", 1);
        var row = rows[0];
        var blob = Storage.Evidence.GetBlobClient(row.EvidenceBlob);
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        var forged = Encoding.UTF8.GetBytes(new string('x', (int)row.Length));
        var upload = await blob.UploadAsync(new MemoryStream(forged), new BlobUploadOptions { Metadata = metadata });
        // The forger re-pins the row's ETag and Content-MD5 to the new blob; the chain still has what was written.
        await Storage.Documents.UpdateEntityAsync(
            new TableEntity(row.PartitionKey, row.RowKey) { ["EvidenceETag"] = upload.Value.ETag.ToString(), ["Md5"] = Convert.ToBase64String(upload.Value.ContentHash) },
            Azure.ETag.All);

        var quick = await ReconcileAsync();
        var rehash = await ReconcileAsync(new ReconciliationRequest(Rehash: true, ForceNew: true));

        Assert.Equal([AnomalyKinds.Changed, AnomalyKinds.IndexAltered], quick.Anomalies.Select(a => a.Kind).Order(StringComparer.Ordinal));
        Assert.Contains("ETag", quick.Anomalies.Single(a => a.Kind == AnomalyKinds.Changed).Detail, StringComparison.Ordinal);
        var altered = quick.Anomalies.Single(a => a.Kind == AnomalyKinds.IndexAltered).Detail;
        Assert.Contains("EvidenceETag", altered, StringComparison.Ordinal);
        Assert.Contains("Md5", altered, StringComparison.Ordinal);
        Assert.Equal(2, rehash.Anomalies.Count);
        Assert.True(rehash.Rehash);
    }

    [Fact]
    public async Task RunAsync_BlobsNoRowPointsTo_UntrackedInKnownCaseUnknownCaseAndRoot()
    {
        await CleanCaseAsync("R6", 1);
        await Storage.Evidence.GetBlobClient("R6/stray/file.pdf").UploadAsync(BinaryData.FromString("a"));
        await Storage.Evidence.GetBlobClient("UNKNOWN-CASE/doc/file.pdf").UploadAsync(BinaryData.FromString("b"));
        await Storage.Evidence.GetBlobClient("at-the-root.pdf").UploadAsync(BinaryData.FromString("c"));
        Time.Advance(TimeSpan.FromMinutes(16));

        var report = await ReconcileAsync();

        Assert.Equal(3, report.Counts[AnomalyKinds.Untracked]);
        Assert.Equal(
            new[] { "R6/stray/file.pdf", "UNKNOWN-CASE/doc/file.pdf", "at-the-root.pdf" }.Order(StringComparer.Ordinal),
            report.Anomalies.Select(a => a.Blob!).Order(StringComparer.Ordinal));
        Assert.Equal(4, report.BlobsScanned);
        Assert.Equal(3, report.AnomalyCount);
    }

    [Fact]
    public async Task RunAsync_UploadsNeverIngested_StuckReportedOnlyAndTheSweepRedrivesThem()
    {
        await CleanCaseAsync("R7", 1);
        var missed = await UploadTextAsync("R7", "missed", "its trigger never fired");
        var alsoMissed = await UploadTextAsync("R7", "also-missed", "nor this one's");
        Time.Advance(TimeSpan.FromMinutes(16));

        var report = await ReconcileAsync();

        // Reconciliation reports; it ingests nothing (one owner of ingest: the sweeper, with its back-off).
        var stuck = report.Anomalies.Where(a => a.Kind == AnomalyKinds.Stuck).ToList();
        Assert.Equal(new[] { alsoMissed, missed }.Order(StringComparer.Ordinal), stuck.Select(a => a.Blob!).Order(StringComparer.Ordinal));
        Assert.All(stuck, a => Assert.EndsWith("; the intake sweep re-drives it", a.Detail, StringComparison.Ordinal));
        Assert.False(await IsMarkedAsync(missed));
        Assert.Null(await Get<DocumentIndex>().GetAsync("R7", "missed"));
        Assert.Null(await Get<DocumentIndex>().GetAsync("R7", "also-missed"));

        var sweep = await Get<IntakeSweeper>().SweepAsync(Get<IOptions<ReconciliationOptions>>().Value.StuckAfter);

        Assert.Equal(2, sweep.Count(IngestOutcome.Accepted));
        Assert.True(await IsMarkedAsync(missed));
        Assert.NotNull(await Get<DocumentIndex>().GetAsync("R7", "missed"));
        Assert.NotNull(await Get<DocumentIndex>().GetAsync("R7", "also-missed"));
        Assert.Equal(0, (await ReconcileAsync()).Counts[AnomalyKinds.Stuck]);
    }

    [Fact]
    public async Task RunAsync_StuckThreshold_YoungUploadIsNotStuck()
    {
        await UploadTextAsync("R8", "young", "arrived a minute ago");
        Time.Advance(TimeSpan.FromMinutes(1));

        var report = await ReconcileAsync();

        Assert.Equal(0, report.Counts[AnomalyKinds.Stuck]);
        Assert.False(await IsMarkedAsync("R8/young/young.txt"));
    }

    [Fact]
    public async Task RunAsync_NeverVerifiedOrStale_UnverifiedMaintenanceAndRequeued()
    {
        var rows = await CleanCaseAsync("R9", 2);
        var pending = await Get<Pipeline.Ingest.IngestService>().IngestAsync(await UploadTextAsync("R9", "unchecked", "never checked"));
        await Storage.IntegrityQueue.ClearMessagesAsync();
        Time.Advance(TimeSpan.FromDays(8));

        var report = await ReconcileAsync();

        // Routine re-verification: its own section, not a finding.
        Assert.True(report.Clean);
        Assert.Empty(report.Anomalies);
        Assert.Equal(3, report.Maintenance.Counts[AnomalyKinds.Unverified]);
        Assert.Contains(report.Maintenance.Items, a => a.DocumentId == pending.DocumentId && a.Detail.StartsWith("never verified", StringComparison.Ordinal));
        Assert.Contains(report.Maintenance.Items, a => a.DocumentId == rows[0].DocumentId && a.Detail.StartsWith("last verified", StringComparison.Ordinal));
        Assert.Equal(3, report.ChecksEnqueued);
        Assert.Equal(3, await QueueLengthAsync());
    }

    [Fact]
    public async Task RunAsync_AuditRecordEdited_ChainBroken()
    {
        await CleanCaseAsync("R10", 2);
        var record = (await AuditAsync("R10"))[1];
        record.Detail = "nothing happened here";
        await Storage.Documents.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace);

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, "R10"), (anomaly.Kind, anomaly.CaseId));
        Assert.Equal("audit record 2 was altered (its hash does not match its content)", anomaly.Detail);
    }

    [Fact]
    public async Task RunAsync_AuditRecordDeleted_ChainBroken()
    {
        await CleanCaseAsync("R11", 2);
        var record = (await AuditAsync("R11"))[0];
        await Storage.Documents.DeleteEntityAsync(record.PartitionKey, record.RowKey);

        var report = await ReconcileAsync();

        Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKinds.ChainBroken && a.Detail == "audit record 1 is missing (next present is 2)");
        Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKinds.ChainBroken && a.DocumentId == "doc-001");
    }

    [Fact]
    public async Task RunAsync_DocumentRowDeleted_MissingAndItsBlobUntracked()
    {
        var rows = await CleanCaseAsync("R12", 2);
        await Storage.Documents.DeleteEntityAsync("R12", rows[0].RowKey);
        Time.Advance(TimeSpan.FromMinutes(16));

        var report = await ReconcileAsync();

        Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKinds.Missing && a.DocumentId == rows[0].DocumentId && a.Detail.Contains("row is gone", StringComparison.Ordinal));
        Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKinds.Untracked && a.Blob == rows[0].EvidenceBlob);
        Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKinds.Missing && a.Blob == rows[0].IntakeBlob);
    }

    [Fact]
    public async Task RunAsync_QuarantineBlobDeleted_Missing()
    {
        var intake = await UploadRawAsync("R13/up-1/x.txt", "abc"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["sha256"] = new string('d', 64), ["uploadedby"] = "p" });
        var rejected = await Get<Pipeline.Ingest.IngestService>().IngestAsync(intake);
        await Storage.Quarantine.GetBlobClient(rejected.QuarantineBlob).DeleteAsync();

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.Missing, rejected.QuarantineBlob), (anomaly.Kind, anomaly.Blob));
    }

    [Fact]
    public async Task RunAsync_Twice_SameFindingsAndNothingElseChanges()
    {
        var rows = await CleanCaseAsync("R14", 3);
        await Storage.Evidence.GetBlobClient(rows[2].EvidenceBlob).DeleteAsync();
        await Storage.Evidence.GetBlobClient("R14/stray/x").UploadAsync(BinaryData.FromString("x"));
        Time.Advance(TimeSpan.FromMinutes(16));
        var auditBefore = (await AuditAsync("R14")).Count;

        var first = await ReconcileAsync();
        var second = await ReconcileAsync();

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(first.Counts, second.Counts);
        Assert.Equal(first.Anomalies.Select(a => (a.Kind, a.Blob)), second.Anomalies.Select(a => (a.Kind, a.Blob)));
        Assert.Equal(auditBefore, (await AuditAsync("R14")).Count);
        Assert.Equal(3, (await DocumentsAsync("R14")).Count);
    }

    [Fact]
    public async Task RunAsync_WhileAnotherRunHoldsTheLock_RefusesAndChangesNothing()
    {
        await using var held = await Get<ReconciliationRunStore>().TryLockAsync();
        Assert.NotNull(held);

        await Assert.ThrowsAsync<ReconciliationAlreadyRunningException>(() => Reconciliation.RunAsync());
        Assert.Empty(await ListAsync(Storage.Reports, "runs/"));
    }

    [Fact]
    public async Task RunAsync_Report_HasTheFieldsOperationsRead()
    {
        var rows = await CleanCaseAsync("R15", 1);
        await Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob).DeleteAsync();
        var summary = await Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true));

        var json = (await Storage.Reports.GetBlobClient(ReconciliationRunStore.ReportBlobName(summary.RunId)).DownloadContentAsync()).Value.Content.ToString();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal(summary.RunId, root.GetProperty("runId").GetString());
        Assert.True(root.GetProperty("completedAt").GetDateTimeOffset() >= root.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(1, root.GetProperty("documentsChecked").GetInt64());
        Assert.Equal(0, root.GetProperty("blobsScanned").GetInt64());
        Assert.Equal(AnomalyKinds.Findings.Order(StringComparer.Ordinal), root.GetProperty("counts").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(AnomalyKinds.Maintenance, root.GetProperty("maintenance").GetProperty("counts").EnumerateObject().Select(p => p.Name));
        var anomaly = Assert.Single(root.GetProperty("anomalies").EnumerateArray());
        Assert.Equal("missing", anomaly.GetProperty("kind").GetString());
        Assert.Equal("R15", anomaly.GetProperty("caseId").GetString());
        Assert.Equal(rows[0].DocumentId, anomaly.GetProperty("documentId").GetString());
        Assert.Equal(rows[0].EvidenceBlob, anomaly.GetProperty("blob").GetString());
        Assert.False(string.IsNullOrEmpty(anomaly.GetProperty("detail").GetString()));
        var caseSummary = Assert.Single(root.GetProperty("cases").EnumerateArray());
        Assert.Equal("R15", caseSummary.GetProperty("caseId").GetString());
        Assert.Equal(1, caseSummary.GetProperty("counts").GetProperty("missing").GetInt64());
    }

    [Fact]
    public async Task RunAsync_ConflictingUpload_NotAnAnomalyOnceRecorded()
    {
        await CleanCaseAsync("R16", 1);
        await UploadTextAsync("R16", "doc-001", "different bytes under an existing id");
        await Get<Pipeline.Ingest.IngestService>().IngestAsync("R16/doc-001/doc-001.txt");

        var report = await ReconcileAsync();

        Assert.True(report.Clean, string.Join("; ", report.Anomalies.Select(a => a.Detail)));
        Assert.Contains((await AuditAsync("R16")), a => a.Kind == AuditKinds.UploadConflict);
    }

    [Fact]
    public async Task RunAsync_RejectedUploadsOfEveryKind_CleanAndTheirQuarantineChecked()
    {
        await CleanCaseAsync("R17", 1);
        var metadata = new Dictionary<string, string> { ["sha256"] = new string('a', 64), ["uploadedby"] = "p" };
        await UploadRawAsync("R17/bad id/x.txt", "x"u8.ToArray(), "text/plain", metadata);
        await UploadRawAsync("no-case.txt", "y"u8.ToArray(), "text/plain", metadata);
        await UploadRawAsync("R17/up-9/z.txt", "z"u8.ToArray(), "text/plain", metadata);
        await Get<Pipeline.Intake.IntakeSweeper>().SweepAsync(TimeSpan.Zero);

        var clean = await ReconcileAsync();
        foreach (var blob in await ListAsync(Storage.Quarantine))
        {
            await Storage.Quarantine.GetBlobClient(blob).DeleteAsync();
        }

        var afterLoss = await ReconcileAsync();

        Assert.True(clean.Clean, string.Join("; ", clean.Anomalies.Select(a => $"{a.Kind}: {a.Detail}")));
        Assert.Equal(3, afterLoss.Counts[AnomalyKinds.Missing]);
        Assert.Equal(3, afterLoss.AnomalyCount);
    }

    [Fact]
    public async Task RunAsync_QuarantineBlobNothingPointsTo_UntrackedOnceOld()
    {
        await CleanCaseAsync("R18", 1);
        await Storage.Quarantine.GetBlobClient("R18/up-x/abc/x.pdf").UploadAsync(BinaryData.FromString("record of it deleted"));

        var young = await ReconcileAsync();
        Time.Advance(TimeSpan.FromMinutes(16));
        var old = await ReconcileAsync();

        Assert.True(young.Clean);
        var anomaly = Assert.Single(old.Anomalies);
        Assert.Equal((AnomalyKinds.Untracked, "R18/up-x/abc/x.pdf"), (anomaly.Kind, anomaly.Blob));
    }

    [Fact]
    public async Task RunAsync_UploadRecordOfAConflictDeleted_MissingForItsIntakeBlob()
    {
        await CleanCaseAsync("R19", 1);
        var intake = await UploadTextAsync("R19", "doc-001", "other bytes under a taken id");
        Assert.Equal(Pipeline.Ingest.IngestOutcome.Conflict, (await Get<Pipeline.Ingest.IngestService>().IngestAsync(intake)).Outcome);
        Assert.True((await ReconcileAsync()).Clean);
        await foreach (var marker in Storage.Documents.QueryAsync<UploadMarker>(m => m.PartitionKey == "R19" && m.Outcome == "conflict"))
        {
            await Storage.Documents.DeleteEntityAsync(marker.PartitionKey, marker.RowKey);
        }

        var report = await ReconcileAsync();

        Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKinds.Missing && a.Blob == intake && a.Detail.Contains("upload record", StringComparison.Ordinal));
    }
}
