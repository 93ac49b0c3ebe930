using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Disposal;
using Pipeline.Index;
using Pipeline.Tests.Reconciliation;

namespace Pipeline.Tests.Disposal;

public sealed class LegalHoldServiceTests : ReconciliationTestBase
{
    private readonly BlobLegalHoldFake _blobHolds = new();

    private LegalHoldService Holds => Get<LegalHoldService>();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IBlobLegalHold>(_blobHolds);

    [Fact]
    public async Task SetAsync_CaseUnderHold_DisposalRefusedAndAudited()
    {
        await CleanCaseAsync("case-h1", 2);
        var set = await Holds.SetAsync(new LegalHoldRequest("case-h1", "appeal pending", "judge-3"));

        var disposal = await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-h1", "doc-001", "withdrawn", "clerk-1"));

        Assert.Equal(LegalHoldOutcome.Set, set.Outcome);
        Assert.Equal(DisposalOutcome.RefusedLegalHold, disposal.Outcome);
        Assert.Equal(DocumentStates.Verified, (await Get<DocumentIndex>().GetAsync("case-h1", "doc-001"))!.State);
        var audit = await AuditAsync("case-h1");
        Assert.Single(audit, r => r.Kind == AuditKinds.LegalHoldSet && r.Detail.Contains("judge-3", StringComparison.Ordinal) && r.Detail.Contains("appeal pending", StringComparison.Ordinal));
        Assert.Single(audit, r => r.Kind == AuditKinds.DisposalRefused && r.DocumentId == "doc-001" && r.Sequence == disposal.AuditSequence);
        Assert.DoesNotContain(audit, r => r.Kind == AuditKinds.DocumentDisposed);
    }

    [Fact]
    public async Task ClearAsync_AfterHold_DisposalProceeds()
    {
        await CleanCaseAsync("case-h2", 1);
        await Holds.SetAsync(new LegalHoldRequest("case-h2", "appeal pending", "judge-3"));

        var cleared = await Holds.ClearAsync(new LegalHoldRequest("case-h2", "appeal dismissed", "judge-3"));
        var disposal = await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-h2", "doc-001", "withdrawn", "clerk-1"));

        Assert.Equal(LegalHoldOutcome.Cleared, cleared.Outcome);
        Assert.Equal(DisposalOutcome.Disposed, disposal.Outcome);
        Assert.False(_blobHolds.Holds.Values.Single());
        Assert.Single(await AuditAsync("case-h2"), r => r.Kind == AuditKinds.LegalHoldCleared && r.Detail.Contains("appeal dismissed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetAsync_AccountSupportsBlobHold_MirroredToEveryEvidenceBlobAndAudited()
    {
        var rows = await CleanCaseAsync("case-h3", 3);

        var set = await Holds.SetAsync(new LegalHoldRequest("case-h3", "inquiry", "judge-1"));

        Assert.Null(set.Warning);
        Assert.Equal(rows.Select(r => r.EvidenceBlob!).Order(StringComparer.Ordinal), _blobHolds.Holds.Where(h => h.Value).Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Single(await AuditAsync("case-h3"), r => r.Kind == AuditKinds.LegalHoldMirrored && r.Detail == "blob legal hold set on 3 evidence blob(s)");
    }

    [Fact]
    public async Task SetAsync_AccountWithoutBlobHold_RecordedNoOpWithWarningAndHoldStillBlocks()
    {
        await CleanCaseAsync("case-h4", 2);
        _blobHolds.Supported = false;

        var set = await Holds.SetAsync(new LegalHoldRequest("case-h4", "inquiry", "judge-1"));

        Assert.Equal(LegalHoldOutcome.Set, set.Outcome);
        Assert.NotNull(set.Warning);
        Assert.Contains("not supported", set.Warning, StringComparison.Ordinal);
        Assert.Empty(_blobHolds.Holds);
        Assert.Single(await AuditAsync("case-h4"), r => r.Kind == AuditKinds.LegalHoldMirrored && r.Detail.Contains("not supported", StringComparison.Ordinal));
        Assert.Equal(DisposalOutcome.RefusedLegalHold, (await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-h4", "doc-001", "x", "y"))).Outcome);
    }

    [Fact]
    public async Task SetAsync_Twice_OneHoldRecordAndMirrorAppliedAgain()
    {
        await CleanCaseAsync("case-h5", 1);
        await Holds.SetAsync(new LegalHoldRequest("case-h5", "inquiry", "judge-1"));

        var again = await Holds.SetAsync(new LegalHoldRequest("case-h5", "inquiry", "judge-1"));

        Assert.Equal(LegalHoldOutcome.AlreadySet, again.Outcome);
        var audit = await AuditAsync("case-h5");
        Assert.Single(audit, r => r.Kind == AuditKinds.LegalHoldSet);
        Assert.Equal(2, audit.Count(r => r.Kind == AuditKinds.LegalHoldMirrored));
    }

    [Fact]
    public async Task SetAsync_UnknownCase_CaseNotFoundAndNothingWritten()
    {
        Assert.Equal(LegalHoldOutcome.CaseNotFound, (await Holds.SetAsync(new LegalHoldRequest("case-none", "x", "y"))).Outcome);
        Assert.Empty(await AuditAsync("case-none"));
    }

    [Fact]
    public async Task DisposeAsync_NoHoldEverSet_GuardRowIsNotAHold()
    {
        await CleanCaseAsync("case-h6", 2);

        await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-h6", "doc-001", "x", "y"));

        Assert.False((await Holds.GetAsync("case-h6"))!.Active);
        Assert.Equal(DisposalOutcome.Disposed, (await Get<DisposalService>().DisposeAsync(new DisposalRequest("case-h6", "doc-002", "x", "y"))).Outcome);
    }
}
