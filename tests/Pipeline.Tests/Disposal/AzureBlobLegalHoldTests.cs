using Pipeline.Disposal;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Disposal;

public sealed class AzureBlobLegalHoldTests : AzuriteTestBase
{
    [Fact]
    public async Task SetAsync_OnAzuriteWhichCannotHoldBlobs_NotSupportedNotAFailure()
    {
        await Storage.Evidence.UploadBlobAsync("case-a/doc/file.txt", BinaryData.FromString("held"));

        var outcome = await Get<IBlobLegalHold>().SetAsync("case-a/doc/file.txt", hold: true);

        Assert.Equal(BlobLegalHoldStatus.NotSupported, outcome.Status);
        Assert.False(string.IsNullOrEmpty(outcome.Detail));
    }
}
