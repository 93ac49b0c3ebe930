using System.Security.Cryptography;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.Functions;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.TestFiles;

namespace Pipeline.Tests.Functions;

/// <summary>The function classes invoked directly, as the host would, with real SDK clients against Azurite.</summary>
public sealed class FunctionClassTests : AzuriteTestBase
{
    [Fact]
    public async Task IngestUpload_BlobTriggerFires_DocumentAccepted()
    {
        var intake = await UploadAsync("F1", "up-1", "order.pdf", SampleFiles.Pdf(), "application/pdf");
        var function = ActivatorUtilities.CreateInstance<IngestUploadFunction>(Services);

        var result = await function.RunAsync(Storage.Intake.GetBlobClient(intake));

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        Assert.Equal("F1/up-1/order.pdf", Assert.Single(await DocumentsAsync("F1")).EvidenceBlob);
    }

    [Fact]
    public async Task IntegrityCheck_QueueMessageFromIngest_Verified()
    {
        await Get<IngestService>().IngestAsync(await UploadAsync("F2", "up-1", "photo.png", SampleFiles.Png(), "image/png"));
        var message = (await Storage.IntegrityQueue.ReceiveMessageAsync()).Value;
        var function = ActivatorUtilities.CreateInstance<IntegrityCheckFunction>(Services);

        var disposition = await function.RunAsync(message.Body.ToString());

        Assert.Equal(CheckSettlement.Complete, disposition.Settlement);
        Assert.Equal(1, disposition.Checks);
        Assert.Equal(DocumentStates.Verified, Assert.Single(await DocumentsAsync("F2")).State);
    }

    [Fact]
    public async Task IntegrityCheck_MalformedMessage_PoisonedWithItsReason()
    {
        var function = ActivatorUtilities.CreateInstance<IntegrityCheckFunction>(Services);

        await function.RunAsync("{\"caseId\":\"F3\"}");

        var poisoned = Assert.Single(await Get<StoragePoisonedChecks>().ListAsync());
        Assert.Equal(CheckDeadLetterReasons.MalformedMessage, poisoned.Reason);
        Assert.Equal("{\"caseId\":\"F3\"}", poisoned.Body);
    }

    [Fact]
    public async Task Reconcile_TimerFires_ReportWritten()
    {
        await Get<IngestService>().IngestAsync(await UploadTextAsync("F4", "up-1", "text"));
        await Get<StorageQueueCheckReceiver>().DrainAsync();
        var function = ActivatorUtilities.CreateInstance<ReconcileFunction>(Services);

        var report = await function.RunAsync(new TimerInfo());

        Assert.NotNull(report);
        Assert.True(report.Clean);
        Assert.Equal(1, report.DocumentsChecked);
        Assert.True(await Storage.Reports.GetBlobClient(ReconciliationRunStore.ReportBlobName(report.RunId)).ExistsAsync());
    }
}
