using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Content;
using Pipeline.EvidenceStore;
using Pipeline.Hosting;
using Pipeline.Ingest;
using Pipeline.Tests.Infrastructure;
using Pipeline.Validation;

namespace Pipeline.Tests.Content;

/// <summary>
/// A spooled upload above the single-request limit is written to evidence or quarantine as staged blocks of the
/// configured size, still create-only and with the whole upload's Content-MD5; the settings reach the SDK.
/// </summary>
public sealed class SpooledWriteTests : AzuriteTestBase
{
    private const int BlockSize = 16 * 1024;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Ingest:WriteSingleRequestLimit", "65536"),
        new("Pipeline:Ingest:WriteBlockSize", BlockSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Pipeline:Ingest:WriteBlockConcurrency", "1"),
    ];

    [Fact]
    public async Task IngestAsync_DocumentAboveSingleRequestLimit_EvidenceStoredAsConfiguredBlocks()
    {
        var bytes = Text(100 * 1024, 'a');
        var intake = await UploadAsync("SW1", "up-1", "large.txt", bytes);

        var result = await Get<IngestService>().IngestAsync(intake);

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        await AssertStoredInBlocksAsync(Storage.Evidence.GetBlobClient(result.EvidenceBlob), bytes);
    }

    [Fact]
    public async Task IngestAsync_RejectedUploadAboveSingleRequestLimit_QuarantinedAsConfiguredBlocks()
    {
        var bytes = Text(100 * 1024, 'a');
        bytes[^1] = 0xFF; // not UTF-8: rejected after the whole upload was spooled and read
        var intake = await UploadAsync("SW2", "up-1", "large.txt", bytes);

        var result = await Get<IngestService>().IngestAsync(intake);

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        var quarantined = Assert.Single(await ListAsync(Storage.Quarantine));
        await AssertStoredInBlocksAsync(Storage.Quarantine.GetBlobClient(quarantined), bytes);
    }

    [Fact]
    public async Task StoreAsync_StagedBlocksOverExistingEvidence_ConflictAndBytesKept()
    {
        var first = Text(80 * 1024, 'a');
        var second = Text(80 * 1024, 'b');
        var path = new IntakePath("SW3", "up-1", "large.txt");
        var firstWrite = await StoreAsync(path, first);

        var secondWrite = await StoreAsync(path, second);

        Assert.Equal(EvidenceWriteStatus.Created, firstWrite.Status);
        Assert.Equal(EvidenceWriteStatus.Conflict, secondWrite.Status);
        Assert.Equal(first, (await Storage.Evidence.GetBlobClient(firstWrite.BlobName).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public void WriteTransferOptions_ConfiguredSettings_PassedToTheSdk()
    {
        var transfer = Get<IOptions<SpoolOptions>>().Value.WriteTransferOptions;

        Assert.Equal(65536, transfer.InitialTransferSize);
        Assert.Equal(BlockSize, transfer.MaximumTransferSize);
        Assert.Equal(1, transfer.MaximumConcurrency);
    }

    [Fact]
    public void WriteTransferOptions_NoSettings_OneBlockAtATimeFromTheSpool()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [AppSettingNames.EvidenceStorageConnection] = "UseDevelopmentStorage=true" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddPipelineServices(configuration).BuildServiceProvider();

        var transfer = services.GetRequiredService<IOptions<SpoolOptions>>().Value.WriteTransferOptions;

        Assert.Equal(1, transfer.MaximumConcurrency);
        Assert.Equal(8 * 1024 * 1024, transfer.MaximumTransferSize);
        Assert.Equal(256 * 1024 * 1024, transfer.InitialTransferSize);
    }

    private static async Task AssertStoredInBlocksAsync(BlobClient blob, byte[] bytes)
    {
        var blocks = (await blob.GetParentBlobContainerClient().GetBlockBlobClient(blob.Name).GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.ToList();
        Assert.Equal((bytes.Length + BlockSize - 1) / BlockSize, blocks.Count);
        Assert.All(blocks.SkipLast(1), b => Assert.Equal(BlockSize, b.SizeLong));
        Assert.Equal(bytes, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(MD5.HashData(bytes), (await blob.GetPropertiesAsync()).Value.ContentHash);
    }

    private async Task<EvidenceWrite> StoreAsync(IntakePath path, byte[] content)
    {
        var intake = await UploadAsync(path.CaseId, path.UploadId + "-" + content[0], path.FileName, content);
        var source = Storage.Intake.GetBlobClient(intake);
        await using var spooled = await Get<UploadSpool>().SpoolAsync(source, (await source.GetPropertiesAsync()).Value.ETag);
        return await Get<EvidenceBlobStore>().StoreAsync(path, spooled, "text/plain", "portal", intake);
    }

    private static byte[] Text(int length, char first) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, length).Select(i => (char)(first + (i % 26)))));
}
