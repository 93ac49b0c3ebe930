using Pipeline.Bundles;
using Pipeline.Disposal;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Receipts;
using Pipeline.Tests.Reconciliation;

namespace Pipeline.Tests.Bundles;

public sealed class BundleTests : ReconciliationTestBase
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "bundle-tests-" + Guid.NewGuid().ToString("N"));

    private string Bag => Path.Combine(_work, "bag");

    public override async Task DisposeAsync()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task ExportAsync_CaseWithADisposal_BagOfCurrentDocumentsVerifiesWithItsReceipts()
    {
        await CleanCaseAsync("case-b1", 3);
        await Get<IngestService>().IngestAsync(await UploadAsync("case-b1", "hostile", "witness: \"A\" <draft>|v2*.txt", "hostile name"u8.ToArray()));
        await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-b1", "doc-002", "withdrawn", "clerk-1"));
        var receipt = await WriteReceiptAsync("case-b1", "doc-001");

        var result = await Get<BundleExporter>().ExportAsync("case-b1", Bag);

        Assert.NotNull(result);
        Assert.Equal(3, result.PayloadFiles);
        Assert.Empty(await BagVerifier.VerifyAsync(Bag, [receipt]));
        Assert.Equal("case-b1 document 1", await File.ReadAllTextAsync(Path.Combine(Bag, "data", "doc-001", "doc-001.txt")));
        Assert.False(Directory.Exists(Path.Combine(Bag, "data", "doc-002")));
        Assert.Equal("hostile name", await File.ReadAllTextAsync(Path.Combine(Bag, "data", "hostile", "witness_ _A_ _draft__v2_.txt")));
        Assert.Contains($"Payload-Oxum: {result.PayloadBytes}.3", await File.ReadAllTextAsync(Path.Combine(Bag, "bag-info.txt")), StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(_work));
    }

    [Fact]
    public async Task VerifyAsync_OneByteChanged_NamesTheAlteredFile()
    {
        await CleanCaseAsync("case-b2", 2);
        await Get<BundleExporter>().ExportAsync("case-b2", Bag);
        var file = Path.Combine(Bag, "data", "doc-002", "doc-002.txt");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[3] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);

        var problem = Assert.Single(await BagVerifier.VerifyAsync(Bag, []));

        Assert.Equal(BagProblemKinds.Altered, problem.Kind);
        Assert.Equal("data/doc-002/doc-002.txt", problem.Path);
    }

    [Fact]
    public async Task VerifyAsync_FileRemovedAndFileAdded_NamesEachMissingAndExtraFile()
    {
        await CleanCaseAsync("case-b3", 2);
        await Get<BundleExporter>().ExportAsync("case-b3", Bag);
        File.Delete(Path.Combine(Bag, "data", "doc-001", "doc-001.txt"));
        await File.WriteAllTextAsync(Path.Combine(Bag, "data", "doc-002", "planted.txt"), "not evidence");
        await File.WriteAllTextAsync(Path.Combine(Bag, "notes.txt"), "not a tag file");

        var problems = await BagVerifier.VerifyAsync(Bag, []);

        Assert.Contains(problems, p => p is { Kind: BagProblemKinds.Missing, Path: "data/doc-001/doc-001.txt" });
        Assert.Contains(problems, p => p is { Kind: BagProblemKinds.Extra, Path: "data/doc-002/planted.txt" });
        Assert.Contains(problems, p => p is { Kind: BagProblemKinds.Extra, Path: "notes.txt" });
        Assert.Contains(problems, p => p is { Kind: BagProblemKinds.Altered, Path: "bag-info.txt" });
    }

    [Fact]
    public async Task VerifyAsync_ManifestEntryEscapingTheBag_InvalidAndNeverOpened()
    {
        await CleanCaseAsync("case-b4", 1);
        await Get<BundleExporter>().ExportAsync("case-b4", Bag);
        await File.AppendAllTextAsync(Path.Combine(Bag, "manifest-sha256.txt"), new string('0', 64) + "  data/../../outside.txt\n");

        var problems = await BagVerifier.VerifyAsync(Bag, []);

        Assert.Contains(problems, p => p is { Kind: BagProblemKinds.Invalid, Path: "data/../../outside.txt" });
        Assert.Contains(problems, p => p is { Kind: BagProblemKinds.Altered, Path: "manifest-sha256.txt" });
    }

    [Fact]
    public async Task VerifyAsync_ReceiptOfADocumentDisposedBeforeTheBundle_ReceiptProblem()
    {
        await CleanCaseAsync("case-b5", 2);
        var receipt = await WriteReceiptAsync("case-b5", "doc-001");
        await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-b5", "doc-001", "withdrawn", "clerk-1"));
        await Get<BundleExporter>().ExportAsync("case-b5", Bag);

        var problem = Assert.Single(await BagVerifier.VerifyAsync(Bag, [receipt]));

        Assert.Equal(BagProblemKinds.Receipt, problem.Kind);
        Assert.Contains("disposed of", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_EvidenceRewritten_AbortsLeavesNothingAndQueuesACheck()
    {
        var rows = await CleanCaseAsync("case-b6", 2);
        await Storage.Evidence.GetBlobClient(rows[1].EvidenceBlob).UploadAsync(BinaryData.FromString("forged"), overwrite: true);
        var queued = await QueueLengthAsync();

        var abort = await Assert.ThrowsAsync<BundleAbortedException>(() => Get<BundleExporter>().ExportAsync("case-b6", Bag));

        Assert.Equal("doc-002", abort.DocumentId);
        Assert.Contains("rewritten", abort.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Bag));
        Assert.False(Directory.Exists(_work) && Directory.EnumerateFileSystemEntries(_work).Any());
        Assert.Equal(queued + 1, await QueueLengthAsync());
    }

    [Fact]
    public async Task ExportAsync_BytesAndRowPinForgedTogether_AbortsOnTheChainsDigest()
    {
        var rows = await CleanCaseAsync("case-b7", 1);
        var blob = Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob);
        var forged = await blob.UploadAsync(BinaryData.FromString("forged bytes"), overwrite: true);
        var row = (await Get<DocumentIndex>().GetAsync("case-b7", "doc-001"))!;
        row.EvidenceETag = forged.Value.ETag.ToString();
        row.Length = "forged bytes".Length;
        await Storage.Documents.UpdateEntityAsync(row, row.ETag);

        var abort = await Assert.ThrowsAsync<BundleAbortedException>(() => Get<BundleExporter>().ExportAsync("case-b7", Bag));

        Assert.Contains("not what the audit chain accepted", abort.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Bag));
    }

    [Fact]
    public async Task ExportAsync_TargetNotEmpty_RefusedBeforeReadingAnything()
    {
        await CleanCaseAsync("case-b8", 1);
        Directory.CreateDirectory(Bag);
        await File.WriteAllTextAsync(Path.Combine(Bag, "keep.txt"), "someone's file");

        await Assert.ThrowsAsync<IOException>(() => Get<BundleExporter>().ExportAsync("case-b8", Bag));
        Assert.Equal("someone's file", await File.ReadAllTextAsync(Path.Combine(Bag, "keep.txt")));
    }

    private async Task<string> WriteReceiptAsync(string caseId, string documentId)
    {
        Directory.CreateDirectory(_work);
        var path = Path.Combine(_work, $"{caseId}-{documentId}.receipt.json");
        await File.WriteAllTextAsync(path, ReceiptJson.Serialize(await Get<ReceiptService>().GetReceiptAsync(caseId, documentId)));
        return path;
    }
}
