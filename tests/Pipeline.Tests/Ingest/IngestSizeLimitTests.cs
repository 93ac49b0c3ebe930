using System.Text;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Tests.Infrastructure;
using Pipeline.Validation;

namespace Pipeline.Tests.Ingest;

public sealed class IngestSizeLimitTests : AzuriteTestBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Pipeline:Validation:MaxUploadBytes", "64")];

    [Fact]
    public async Task IngestAsync_OverLimit_QuarantinedUnreadAndKeptWhole()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('z', 1000));
        var intake = await UploadAsync("S1", "up-1", "big.txt", bytes);

        var result = await Get<IngestService>().IngestAsync(intake);

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        Assert.Equal(ReasonCodes.TooLarge, Assert.Single(result.Reasons!).Code);
        Assert.Null(result.Sha256);
        Assert.Empty(await ListAsync(Storage.Evidence));
        var kept = await Storage.Quarantine.GetBlobClient(result.QuarantineBlob).DownloadContentAsync();
        Assert.Equal(bytes, kept.Value.Content.ToArray());
        Assert.Contains("/etag-", result.QuarantineBlob, StringComparison.Ordinal);
        Assert.Equal(DocumentStates.Rejected, Assert.Single(await DocumentsAsync("S1")).State);
    }
}
