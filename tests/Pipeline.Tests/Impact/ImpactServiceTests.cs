using Pipeline.Disposal;
using Pipeline.Impact;
using Pipeline.Integrity;
using Pipeline.Tests.Reconciliation;

namespace Pipeline.Tests.Impact;

public sealed class ImpactServiceTests : ReconciliationTestBase
{
    private ImpactService Impact => Get<ImpactService>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Whole seconds: audit records keep whole milliseconds, so the times compared below are exactly the recorded ones.
        Time.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - (Time.GetUtcNow().UtcTicks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public async Task AssessAsync_InjectedDeletion_WindowRunsFromLastGoodCheckToTheFinding()
    {
        var rows = await CleanCaseAsync("case-i1", 2);
        var accepted = Time.GetUtcNow();
        var check = new IntegrityCheckRequest("case-i1", "doc-002", rows[1].Sha256);
        Time.Advance(TimeSpan.FromDays(2));
        await Get<IntegrityChecker>().CheckAsync(check);
        var lastGood = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromDays(1));
        await Storage.Evidence.DeleteBlobAsync(rows[1].EvidenceBlob);
        Time.Advance(TimeSpan.FromDays(1));
        await Get<IntegrityChecker>().CheckAsync(check);
        var found = Time.GetUtcNow();

        var before = (await Impact.AssessAsync("case-i1", accepted.AddDays(1)))!;
        var during = (await Impact.AssessAsync("case-i1", lastGood.AddHours(12)))!;
        var after = (await Impact.AssessAsync("case-i1", found.AddHours(1)))!;

        Assert.Equal(ImpactVerdicts.Intact, before.Verdict);
        Assert.Equal(ImpactVerdicts.PossiblyCompromised, during.Verdict);
        Assert.Equal(ImpactVerdicts.Compromised, after.Verdict);
        var document = during.Documents.Single(d => d.DocumentId == "doc-002");
        Assert.Equal(ImpactStatuses.PossiblyMissing, document.Status);
        var window = Assert.Single(document.Findings);
        Assert.Equal(new ImpactWindow(ImpactStatuses.Missing, lastGood, found, null), window);
        Assert.Equal(ImpactStatuses.Missing, after.Documents.Single(d => d.DocumentId == "doc-002").Status);
        Assert.All(during.Documents.Where(d => d.DocumentId == "doc-001"), d => Assert.Equal(ImpactStatuses.Unconfirmed, d.Status));
    }

    [Fact]
    public async Task AssessAsync_BlobRestoredAndVerified_WindowClosesAtTheRestore()
    {
        var rows = await CleanCaseAsync("case-i2", 1);
        var bytes = (await Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob).DownloadContentAsync()).Value.Content;
        var check = new IntegrityCheckRequest("case-i2", "doc-001", rows[0].Sha256);
        await Storage.Evidence.DeleteBlobAsync(rows[0].EvidenceBlob);
        Time.Advance(TimeSpan.FromHours(5));
        await Get<IntegrityChecker>().CheckAsync(check);
        var found = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromHours(5));
        await Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob).UploadAsync(bytes);
        await Get<IntegrityChecker>().CheckAsync(check);
        var restored = Time.GetUtcNow();

        var now = (await Impact.AssessAsync("case-i2"))!;

        var window = Assert.Single(now.Documents.Single().Findings);
        Assert.Equal(found, window.FoundAt);
        Assert.Equal(restored, window.ResolvedAt);
        Assert.Equal(ImpactVerdicts.Intact, now.Verdict);
        Assert.Equal(ImpactVerdicts.Compromised, (await Impact.AssessAsync("case-i2", found.AddHours(1)))!.Verdict);
    }

    [Fact]
    public async Task AssessAsync_DisposedDocument_NotInTheCaseAfterItsDisposal()
    {
        await CleanCaseAsync("case-i3", 2);
        var before = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromHours(1));
        await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-i3", "doc-001", "withdrawn", "clerk-1"));
        Time.Advance(TimeSpan.FromHours(1));

        var now = (await Impact.AssessAsync("case-i3"))!;

        Assert.Equal(ImpactStatuses.NotInCase, now.Documents.Single(d => d.DocumentId == "doc-001").Status);
        Assert.NotEqual(ImpactStatuses.NotInCase, (await Impact.AssessAsync("case-i3", before))!.Documents.Single(d => d.DocumentId == "doc-001").Status);
    }

    [Fact]
    public async Task AssessAsync_ChainEdited_ChainBrokenVerdict()
    {
        await CleanCaseAsync("case-i4", 1);
        var record = (await AuditAsync("case-i4"))[0];
        record.Detail = "rewritten";
        await Storage.Documents.UpdateEntityAsync(record, Azure.ETag.All);

        var impact = (await Impact.AssessAsync("case-i4"))!;

        Assert.Equal(ImpactVerdicts.ChainBroken, impact.Verdict);
        Assert.NotNull(impact.ChainBreak);
    }

    [Fact]
    public async Task AssessAsync_UnknownCase_Null()
    {
        Assert.Null(await Impact.AssessAsync("case-none"));
    }
}
