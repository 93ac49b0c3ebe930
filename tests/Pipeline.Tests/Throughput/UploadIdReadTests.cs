using Microsoft.Extensions.DependencyInjection;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Storage;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Throughput;

/// <summary>The ingest reads an upload id's document row and intent together: one request, whichever of them exist.</summary>
public sealed class UploadIdReadTests : AzuriteTestBase
{
    private readonly StorageRequestTally _tally = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddPipelineStorageClients(_tally.Attach);

    [Fact]
    public async Task ReadUploadIdAsync_DocumentAndIntentAndNeighbours_BothInOneRequest()
    {
        var documents = Storage.Documents;
        await documents.AddEntityAsync(new DocumentRecord { PartitionKey = "C1", RowKey = "u1", Sha256 = "a", State = DocumentStates.Stored, FileName = "f.txt" });
        await documents.AddEntityAsync(new DocumentRecord { PartitionKey = "C1", RowKey = "u10", Sha256 = "b", State = DocumentStates.Stored, FileName = "g.txt" });
        await documents.AddEntityAsync(new UploadIntent { PartitionKey = "C1", RowKey = UploadIntent.RowKeyFor("u1"), UploadId = "u1", FileName = "f.txt", Sha256 = "a" });
        await documents.AddEntityAsync(new UploadIntent { PartitionKey = "C1", RowKey = UploadIntent.RowKeyFor("u10"), UploadId = "u10", FileName = "g.txt", Sha256 = "b" });
        await documents.AddEntityAsync(new DocumentRecord { PartitionKey = "C2", RowKey = "u1", Sha256 = "c", State = DocumentStates.Stored });
        _tally.Reset();

        var rows = await Get<UploadIntents>().ReadUploadIdAsync("C1", "u1");

        Assert.Equal(1, _tally.Total);
        Assert.Equal(("u1", "a"), (rows.Document?.DocumentId, rows.Document?.Sha256));
        Assert.Equal(("u1", "f.txt"), (rows.Intent?.UploadId, rows.Intent?.FileName));
    }

    [Fact]
    public async Task ReadUploadIdAsync_OnlyDocumentOrNothing_MissingOneIsNull()
    {
        await Storage.Documents.AddEntityAsync(new DocumentRecord { PartitionKey = "C1", RowKey = "u1", Sha256 = "a", State = DocumentStates.Stored });
        await Storage.Documents.AddEntityAsync(new UploadIntent { PartitionKey = "C1", RowKey = UploadIntent.RowKeyFor("u2"), UploadId = "u2" });
        var intents = Get<UploadIntents>();

        var documentOnly = await intents.ReadUploadIdAsync("C1", "u1");
        var intentOnly = await intents.ReadUploadIdAsync("C1", "u2");
        var neither = await intents.ReadUploadIdAsync("C1", "u3");

        Assert.Equal(("a", null), (documentOnly.Document?.Sha256, documentOnly.Intent?.UploadId));
        Assert.Equal((null, "u2"), (intentOnly.Document?.Sha256, intentOnly.Intent?.UploadId));
        Assert.Equal(new UploadIdRows(null, null), neither);
    }
}
