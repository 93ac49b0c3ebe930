using System.Text;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Ingest;

public sealed class IngestTagLimitTests : AzuriteTestBase
{
    [Fact]
    public async Task IngestAsync_PortalUsedAllTenTags_MarkedAndPortalTagsKeptAsFarAsTheyFit()
    {
        var intake = await UploadAsync("G1", "up-1", "note.txt", Encoding.UTF8.GetBytes("tagged by the portal"));
        var portalTags = Enumerable.Range(0, 10).ToDictionary(i => $"portal{i}", i => $"v{i}");
        await Storage.Intake.GetBlobClient(intake).SetTagsAsync(portalTags);

        var result = await Get<IngestService>().IngestAsync(intake);

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        var tags = (await Storage.Intake.GetBlobClient(intake).GetTagsAsync()).Value.Tags;
        Assert.Equal(10, tags.Count);
        Assert.Equal(IntakeMarks.Ingested, tags[IntakeMarks.StateTag]);
        Assert.Equal(7, tags.Keys.Count(k => k.StartsWith("portal", StringComparison.Ordinal)));
        Assert.Equal("v0", tags["portal0"]);
        Assert.True(await IsMarkedAsync(intake));
    }

    [Fact]
    public void MergeTags_PortalTagNamedLikeAMark_MarkWins()
    {
        var merged = IngestService.MergeTags(
            new Dictionary<string, string> { [IntakeMarks.StateTag] = "forged", ["case-ref"] = "x" },
            new Dictionary<string, string> { [IntakeMarks.StateTag] = IntakeMarks.Ingested });

        Assert.Equal(IntakeMarks.Ingested, merged[IntakeMarks.StateTag]);
        Assert.Equal("x", merged["case-ref"]);
    }
}
