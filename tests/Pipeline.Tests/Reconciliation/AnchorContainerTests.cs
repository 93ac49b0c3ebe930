using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Pipeline.Audit;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>Anchors live in their own create-only container; every run checks the last run's, and a bad one is a finding.</summary>
public sealed class AnchorContainerTests : ReconciliationTestBase
{
    [Fact]
    public async Task RunAsync_Completed_AnchorsAndManifestInAnchorsContainerNotReports()
    {
        await CleanCaseAsync("B1", 2);

        var report = await ReconcileAsync();

        var anchors = await ListAsync(Storage.Anchors);
        Assert.Contains(AnchorStore.ManifestBlob(report.RunId), anchors);
        Assert.Single(anchors, name => name.StartsWith($"runs/{report.RunId}/", StringComparison.Ordinal));
        Assert.DoesNotContain(await ListAsync(Storage.Reports), name => name.Contains("/anchors/", StringComparison.Ordinal));
        var manifest = (await Get<AnchorStore>().ReadManifestAsync(report.RunId)).Value;
        Assert.NotNull(manifest);
        var chunk = Assert.Single(manifest.Chunks);
        var last = (await AuditAsync("B1"))[^1];
        Assert.Equal([new CaseAnchor("B1", last.Sequence, last.Hash)], (await Get<AnchorStore>().ReadChunkAsync(chunk)).Value);
    }

    [Fact]
    public async Task CompleteAsync_DifferentManifestForSameRun_RefusedAndNotOverwritten()
    {
        var store = Get<AnchorStore>();
        var first = new AnchorManifest("20261128T010000Z-aaaaaaaa", null, null, []);
        Assert.True(await store.CompleteAsync(first));

        Assert.True(await store.CompleteAsync(first));
        Assert.False(await store.CompleteAsync(first with { PreviousRunId = "forged" }));
        Assert.Null((await store.ReadManifestAsync(first.RunId)).Value!.PreviousRunId);
    }

    [Fact]
    public async Task RunAsync_AnchorChunkDeleted_ChainBrokenNamingTheAnchorAndRunCompletes()
    {
        await CleanCaseAsync("B2", 1);
        var first = await ReconcileAsync();
        var chunk = await OnlyChunkAsync(first.RunId);
        await Storage.Anchors.GetBlobClient(chunk).DeleteAsync();

        // Run ids begin with the second a run starts; nightly runs are hours apart, so each run here starts a second
        // later (within one second the previous run would be chosen by the ids' random suffix).
        Time.Advance(TimeSpan.FromSeconds(1));
        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, Storage.Anchors.Name, chunk), (anomaly.Kind, anomaly.Container, anomaly.Blob));
        Assert.StartsWith("the anchor is missing", anomaly.Detail, StringComparison.Ordinal);
        Time.Advance(TimeSpan.FromSeconds(1));
        var next = await ReconcileAsync();
        Assert.True(next.Clean, string.Join("; ", next.Anomalies.Select(a => $"{a.Kind} {a.Container}/{a.Blob}: {a.Detail}")));
    }

    [Fact]
    public async Task RunAsync_AnchorChunkAltered_ChainBroken()
    {
        await CleanCaseAsync("B3", 1);
        var first = await ReconcileAsync();
        var chunk = await OnlyChunkAsync(first.RunId);
        var forged = (await Storage.Anchors.GetBlobClient(chunk).DownloadContentAsync()).Value.Content.ToString().Replace("\"sequence\":2", "\"sequence\":1", StringComparison.Ordinal);
        await Storage.Anchors.GetBlobClient(chunk).UploadAsync(BinaryData.FromString(forged), overwrite: true);

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, chunk), (anomaly.Kind, anomaly.Blob));
        Assert.Contains("the anchor chunk was altered", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ManifestMalformed_FindingNamingManifestAndRunGoesOn()
    {
        await CleanCaseAsync("B4", 1);
        var first = await ReconcileAsync();
        var manifest = AnchorStore.ManifestBlob(first.RunId);
        await Storage.Anchors.GetBlobClient(manifest).UploadAsync(BinaryData.FromString("{\"runId\": 42,"), overwrite: true);

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, Storage.Anchors.Name, manifest), (anomaly.Kind, anomaly.Container, anomaly.Blob));
        Assert.Contains("not valid JSON", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AnchorLineMalformedWithMatchingDigest_FindingNamingLine()
    {
        await CleanCaseAsync("B5", 1);
        var first = await ReconcileAsync();
        var store = Get<AnchorStore>();
        var manifest = (await store.ReadManifestAsync(first.RunId)).Value!;
        // A forger who rewrites both the chunk and the manifest (possible only where WORM is off) still gets a finding.
        var garbage = BinaryData.FromString("{\"caseId\":\"B5\",\"sequence\":\"two\"}\n");
        var chunk = manifest.Chunks[0];
        await Storage.Anchors.GetBlobClient(chunk.Name).UploadAsync(garbage, overwrite: true);
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(garbage.ToArray()));
        await Storage.Anchors.GetBlobClient(AnchorStore.ManifestBlob(first.RunId)).DeleteAsync();
        Assert.True(await store.CompleteAsync(manifest with { Chunks = [chunk with { Sha256 = digest }] }));

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, chunk.Name), (anomaly.Kind, anomaly.Blob));
        Assert.StartsWith("line 1 of the anchor chunk is not an anchor", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LatestManifestDeleted_MissingAnchorReported()
    {
        await CleanCaseAsync("B6", 1);
        await ReconcileAsync();
        var second = await ReconcileAsync();
        await Storage.Anchors.GetBlobClient(AnchorStore.ManifestBlob(second.RunId)).DeleteAsync();

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, AnchorStore.ManifestBlob(second.RunId)), (anomaly.Kind, anomaly.Blob));
        Assert.Contains("its anchor manifest is missing", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ResumedAfterAnchorsChecked_ProblemReportedOnce()
    {
        await CleanCaseAsync("B7", 1);
        var first = await ReconcileAsync();
        await Storage.Anchors.GetBlobClient(await OnlyChunkAsync(first.RunId)).DeleteAsync();
        var store = Get<ReconciliationRunStore>();
        using (var cancel = new CancellationTokenSource())
        {
            // Stop the run at its first checkpoint after the anchors were checked: the resumed run must not report them again.
            var progress = new SynchronousCancel(cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true), progress, cancel.Token));
        }

        var resumed = await Reconciliation.ResumeUnfinishedAsync();

        Assert.NotNull(resumed);
        Assert.Equal(1, resumed.Counts[AnomalyKinds.ChainBroken]);
        Assert.Single((await store.ReadReportAsync(resumed.RunId))!.Anomalies);
    }

    private async Task<string> OnlyChunkAsync(string runId) =>
        Assert.Single(await ListAsync(Storage.Anchors, $"runs/{runId}/"));

    /// <summary>Cancels the run when it reports its first progress (after its first case).</summary>
    private sealed class SynchronousCancel(CancellationTokenSource cancel) : IProgress<ReconciliationProgress>
    {
        public void Report(ReconciliationProgress value) => cancel.Cancel();
    }
}
