using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Audit;

public sealed class DocumentStateMachineTests : AzuriteTestBase
{
    private const string Original = "the bytes as they were accepted";

    public enum Fault
    {
        None,
        Corrupt,
        Delete,
        Restore,
    }

    [Theory]
    [InlineData(DocumentStates.Stored, DocumentStates.Verified, AuditKinds.DocumentVerified)]
    [InlineData(DocumentStates.Stored, DocumentStates.Corrupt, AuditKinds.DocumentCorrupt)]
    [InlineData(DocumentStates.Stored, DocumentStates.Missing, AuditKinds.DocumentMissing)]
    [InlineData(DocumentStates.Verified, DocumentStates.Corrupt, AuditKinds.DocumentCorrupt)]
    [InlineData(DocumentStates.Verified, DocumentStates.Missing, AuditKinds.DocumentMissing)]
    [InlineData(DocumentStates.Corrupt, DocumentStates.Missing, AuditKinds.DocumentMissing)]
    [InlineData(DocumentStates.Missing, DocumentStates.Corrupt, AuditKinds.DocumentCorrupt)]
    [InlineData(DocumentStates.Corrupt, DocumentStates.Verified, AuditKinds.DocumentRestored)]
    [InlineData(DocumentStates.Missing, DocumentStates.Verified, AuditKinds.DocumentRestored)]
    public void AuditKindFor_AllowedTransition_TheKindThatRecordsIt(string from, string to, string kind)
    {
        Assert.Equal(kind, DocumentStateMachine.AuditKindFor(from, to));
    }

    [Theory]
    [InlineData(DocumentStates.Verified, DocumentStates.Stored)]
    [InlineData(DocumentStates.Corrupt, DocumentStates.Stored)]
    [InlineData(DocumentStates.Stored, DocumentStates.Rejected)]
    [InlineData(DocumentStates.Rejected, DocumentStates.Verified)]
    [InlineData(DocumentStates.Verified, DocumentStates.Verified)]
    [InlineData("Unknown", DocumentStates.Verified)]
    public void AuditKindFor_NotAllowed_Null(string from, string to)
    {
        Assert.Null(DocumentStateMachine.AuditKindFor(from, to));
    }

    [Fact]
    public void All_EveryTransitionLeavingCorruptOrMissingForVerified_IsARecovery()
    {
        Assert.Equal(9, DocumentStateMachine.All.Count);
        Assert.All(
            DocumentStateMachine.All.Where(t => t.Key.From is DocumentStates.Corrupt or DocumentStates.Missing && t.Key.To == DocumentStates.Verified),
            t => Assert.Equal(AuditKinds.DocumentRestored, t.Value));
    }

    /// <summary>Each transition as an integrity check makes it: row, audit kind and the payload's state agree.</summary>
    [Theory]
    [InlineData(new[] { Fault.None }, DocumentStates.Verified, AuditKinds.DocumentVerified)]
    [InlineData(new[] { Fault.Corrupt }, DocumentStates.Corrupt, AuditKinds.DocumentCorrupt)]
    [InlineData(new[] { Fault.Delete }, DocumentStates.Missing, AuditKinds.DocumentMissing)]
    [InlineData(new[] { Fault.None, Fault.Corrupt }, DocumentStates.Corrupt, AuditKinds.DocumentCorrupt)]
    [InlineData(new[] { Fault.None, Fault.Delete }, DocumentStates.Missing, AuditKinds.DocumentMissing)]
    [InlineData(new[] { Fault.Corrupt, Fault.Delete }, DocumentStates.Missing, AuditKinds.DocumentMissing)]
    [InlineData(new[] { Fault.Delete, Fault.Corrupt }, DocumentStates.Corrupt, AuditKinds.DocumentCorrupt)]
    [InlineData(new[] { Fault.Corrupt, Fault.Restore }, DocumentStates.Verified, AuditKinds.DocumentRestored)]
    [InlineData(new[] { Fault.Delete, Fault.Restore }, DocumentStates.Verified, AuditKinds.DocumentRestored)]
    public async Task CheckAsync_EachTransition_AuditedWithItsKindAndState(Fault[] faults, string expectedState, string expectedKind)
    {
        var (row, request) = await IngestAsync("SM1");
        foreach (var fault in faults)
        {
            await ApplyAsync(row.EvidenceBlob!, fault);
            await Get<IntegrityChecker>().CheckAsync(request);
        }

        var after = Assert.Single(await DocumentsAsync("SM1"));
        var records = await AuditAsync("SM1");
        Assert.Equal(expectedState, after.State);
        Assert.Equal(expectedKind, records[^1].Kind);
        Assert.Equal(expectedState, DocumentFacts.TryParse(records[^1].Facts)!.State);
        // One audit record per transition, none for a check that found nothing new.
        Assert.Equal(1 + faults.Length, records.Count);
    }

    [Fact]
    public async Task CheckAsync_TransitionNotInTheTable_RefusedRecordedAndRowUntouched()
    {
        // The chain says the upload was rejected; a forged row says Stored and points at evidence bytes.
        var result = await Get<IngestService>().IngestAsync(await UploadAsync("SM2", "up-1", "a.exe", [0x4d, 0x5a, 0x90, 0x00], "application/pdf"));
        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        await Storage.Evidence.GetBlobClient("SM2/up-1/a.exe").UploadAsync(new MemoryStream([0x4d, 0x5a, 0x90, 0x00]));
        await Storage.Documents.UpdateEntityAsync(
            new TableEntity("SM2", "up-1") { [nameof(DocumentRecord.State)] = DocumentStates.Stored, [nameof(DocumentRecord.EvidenceBlob)] = "SM2/up-1/a.exe" },
            Azure.ETag.All);
        var forged = Assert.Single(await DocumentsAsync("SM2"));

        var check = await Get<IntegrityChecker>().CheckAsync(new IntegrityCheckRequest("SM2", "up-1", forged.Sha256));

        Assert.Equal(IntegrityChecker.Refused, check.Outcome);
        Assert.False(check.StateChanged);
        var refused = (await AuditAsync("SM2"))[^1];
        Assert.Equal(AuditKinds.TransitionRefused, refused.Kind);
        Assert.Contains("Rejected -> ", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(DocumentStates.Stored, Assert.Single(await DocumentsAsync("SM2")).State);
    }

    private async Task<(DocumentRecord Row, IntegrityCheckRequest Request)> IngestAsync(string caseId)
    {
        var result = await Get<IngestService>().IngestAsync(await UploadTextAsync(caseId, "up-1", Original));
        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        await Storage.IntegrityQueue.ClearMessagesAsync();
        var row = Assert.Single(await DocumentsAsync(caseId));
        return (row, new IntegrityCheckRequest(caseId, "up-1", row.Sha256));
    }

    private async Task ApplyAsync(string evidenceBlob, Fault fault)
    {
        var blob = Storage.Evidence.GetBlobClient(evidenceBlob);
        switch (fault)
        {
            case Fault.Corrupt:
                await blob.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Original.ToUpperInvariant())), new BlobUploadOptions());
                break;
            case Fault.Delete:
                await blob.DeleteAsync();
                break;
            case Fault.Restore:
                await blob.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Original)), new BlobUploadOptions());
                break;
        }
    }
}
