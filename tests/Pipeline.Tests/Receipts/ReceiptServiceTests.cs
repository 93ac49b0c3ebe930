using Pipeline.Ingest;
using Pipeline.Audit;
using Pipeline.Disposal;
using Pipeline.Receipts;
using Pipeline.Tests.Reconciliation;

namespace Pipeline.Tests.Receipts;

public sealed class ReceiptServiceTests : ReconciliationTestBase
{
    [Fact]
    public async Task GetReceiptAsync_AcceptedDocument_NamesDigestLengthAndTheChainHeadAfterAcceptance()
    {
        var rows = await CleanCaseAsync("case-r1", 2);
        var ingested = (await AuditAsync("case-r1")).Single(r => r.Kind == AuditKinds.DocumentIngested && r.DocumentId == "doc-002");

        var receipt = await Get<ReceiptService>().GetReceiptAsync("case-r1", "doc-002");

        Assert.NotNull(receipt);
        Assert.Equal(rows[1].Sha256, receipt.Sha256);
        Assert.Equal(rows[1].Length, receipt.Length);
        Assert.Equal(ingested.RecordedAt, receipt.AcceptedAt);
        Assert.Equal(new ChainHead(ingested.Sequence, ingested.Hash), receipt.AuditHead);
        Assert.Equal(2, receipt.Tree.Size);
        Assert.Equal(1, receipt.LeafIndex);
    }

    [Fact]
    public async Task GetReceiptAsync_RowEditedAfterAcceptance_ReceiptAndManifestStillSayWhatTheChainAccepted()
    {
        var rows = await CleanCaseAsync("case-r6", 2);
        var receipts = Get<ReceiptService>();
        var before = (await receipts.GetReceiptAsync("case-r6", "doc-001"))!;
        var accepted = rows[0];
        var edited = (await Storage.Documents.GetEntityAsync<Pipeline.Index.DocumentRecord>(accepted.PartitionKey, accepted.RowKey)).Value;
        edited.Length = accepted.Length + 4096;
        edited.FileName = "renamed.pdf";
        await Storage.Documents.UpdateEntityAsync(edited, Azure.ETag.All);

        var after = (await receipts.GetReceiptAsync("case-r6", "doc-001"))!;
        var listed = (await receipts.GetManifestAsync("case-r6"))!.Documents.Single(d => d.DocumentId == "doc-001");

        Assert.Equal(accepted.Length, before.Length);
        Assert.Equal(before, after);
        Assert.Equal(accepted.Length, listed.Length);
        Assert.Equal(accepted.FileName, listed.FileName);
    }

    [Fact]
    public async Task GetReceiptAsync_UnknownDocumentOrCase_Null()
    {
        await CleanCaseAsync("case-r2", 1);

        Assert.Null(await Get<ReceiptService>().GetReceiptAsync("case-r2", "doc-999"));
        Assert.Null(await Get<ReceiptService>().GetReceiptAsync("case-none", "doc-001"));
    }

    [Fact]
    public async Task Proofs_ReceiptAfterCaseGrewAndADisposal_VerifyOfflineAgainstTheCurrentTree()
    {
        await CleanCaseAsync("case-r3", 3);
        var receipts = Get<ReceiptService>();
        var receipt = (await receipts.GetReceiptAsync("case-r3", "doc-002"))!;
        await Get<IngestService>().IngestAsync(await UploadTextAsync("case-r3", "doc-004", "later"));
        Assert.Equal(DisposalOutcome.Disposed, (await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-r3", "doc-001", "order of 1 May", "clerk-7"))).Outcome);

        var manifest = (await receipts.GetManifestAsync("case-r3"))!;
        var inclusion = (await receipts.GetInclusionProofAsync("case-r3", "doc-002"))!;
        var consistency = (await receipts.GetConsistencyProofAsync("case-r3", receipt.Tree.Size))!;

        Assert.Equal(5, manifest.Tree.Size);
        Assert.Equal(["doc-002", "doc-003", "doc-004"], manifest.Documents.Select(d => d.DocumentId));
        Assert.Empty(manifest.Verify());
        Assert.Empty(ReceiptVerifier.Verify(receipt, manifest.Tree, inclusion, consistency));
        Assert.Empty(ReceiptVerifier.Verify(receipt, manifest));
    }

    [Fact]
    public async Task GetManifestAsync_ChainRecordEdited_RefusesWithChainBroken()
    {
        await CleanCaseAsync("case-r4", 2);
        var record = (await AuditAsync("case-r4")).First(r => r.Kind == AuditKinds.DocumentIngested);
        record.Sha256 = new string('0', 64);
        await Storage.Documents.UpdateEntityAsync(record, Azure.ETag.All);

        await Assert.ThrowsAsync<CaseChainBrokenException>(() => Get<ReceiptService>().GetManifestAsync("case-r4"));
    }

    [Fact]
    public async Task ReceiptJson_RoundTrip_KeepsEveryFieldSoTheLeafStillVerifies()
    {
        await CleanCaseAsync("case-r5", 2);
        var receipt = (await Get<ReceiptService>().GetReceiptAsync("case-r5", "doc-001"))!;
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        try
        {
            await File.WriteAllTextAsync(path, ReceiptJson.Serialize(receipt));
            var read = await ReceiptJson.ReadFileAsync<DocumentReceipt>(path);

            Assert.Equal(receipt, read);
            Assert.Empty(ReceiptVerifier.Verify(read, (await Get<ReceiptService>().GetManifestAsync("case-r5"))!));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
