using System.Globalization;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Reconciliation;
using Pipeline.Integrity;
using Pipeline.Tests.Reconciliation;
using Xunit.Abstractions;

namespace Pipeline.Tests.Faults;

/// <summary>
/// Transient 500/503 answers and timeouts, before and after the service acted, injected by an HTTP pipeline policy
/// into the pipeline's own SDK clients (<see cref="TransientFaultPolicy"/>): every operation is retried by the SDK or,
/// past its retries, by the next delivery, and the store ends exactly as without them.
/// </summary>
public sealed class TransientFaultTests(ITestOutputHelper output) : ReconciliationTestBase
{
    private const string QueueSend = "queue POST messages";

    private readonly TransientFaultPolicy _policy = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddPipelineStorageClients(_policy.Attach);

    [Theory]
    [InlineData(TransientFaultModes.InternalErrorBeforeSend)]
    [InlineData(TransientFaultModes.ServerBusyBeforeSend)]
    [InlineData(TransientFaultModes.TimeoutBeforeSend)]
    [InlineData(TransientFaultModes.InternalErrorAfterSend)]
    [InlineData(TransientFaultModes.TimeoutAfterSend)]
    public async Task EnqueueAsync_FirstAttemptFails_RetriedAndTheRequestIsOnTheQueue(string mode)
    {
        _policy.Every = 2;
        _policy.Modes = [mode];
        var request = new IntegrityCheckRequest("C1", "doc-1", new string('a', 64));

        _policy.Enabled = true;
        try
        {
            await Get<IIntegrityCheckSender>().EnqueueAsync(request);
        }
        finally
        {
            _policy.Enabled = false;
        }

        Assert.Equal(1, _policy.InjectedInto(QueueSend));
        var received = (await Storage.IntegrityQueue.ReceiveMessagesAsync(32)).Value;
        // A send the service carried out before the failure is sent again: a duplicate request, which the check tolerates.
        Assert.Equal(mode.EndsWith("-after", StringComparison.Ordinal) ? 2 : 1, received.Length);
        Assert.All(received, m => Assert.Equal(request, IntegrityCheckRequest.TryParse(m.Body.ToString())));
    }

    [Fact]
    [Trait("Category", "Faults")]
    public async Task Pipeline_TransientFaultsOnEveryClient_EveryDocumentStoredOnceAndReconciliationClean()
    {
        var uploads = new List<string>();
        for (var c = 0; c < 3; c++)
        {
            for (var d = 0; d < 8; d++)
            {
                uploads.Add(await UploadTextAsync($"T{c}", $"doc-{d:D2}", string.Create(CultureInfo.InvariantCulture, $"case {c} document {d} ") + new string('x', 1000 * d)));
            }
        }

        _policy.Enabled = true;
        var results = new List<IngestResult>();
        ReconciliationReport report;
        try
        {
            var ingest = Get<IngestService>();
            foreach (var intake in uploads)
            {
                results.Add(await DeliverAsync(() => ingest.IngestAsync(intake)));
            }

            var receiver = Get<StorageQueueCheckReceiver>();
            for (var pass = 0; pass < 10 && await QueueLengthAsync() > 0; pass++)
            {
                await DeliverAsync(() => receiver.DrainAsync());
                Time.Advance(TimeSpan.FromMinutes(6));
            }

            Time.Advance(TimeSpan.FromMinutes(20));
            await DeliverAsync(() => Get<IntakeSweeper>().SweepAsync(TimeSpan.FromMinutes(15)));
            report = await DeliverAsync(() => ReconcileAsync());
        }
        finally
        {
            _policy.Enabled = false;
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"transient faults: {uploads.Count} documents, {_policy.Total} injected ({string.Join(", ", _policy.ByMode.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}), {_policy.InjectedInto(QueueSend)} into queue sends");
        output.WriteLine(summary);
        // A delivery that failed past the SDK's retries after the ingest committed is seen by the next one as done.
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { IngestOutcome.Accepted, IngestOutcome.Duplicate }));
        Assert.All(TransientFaultModes.All, m => Assert.True(_policy.ByMode.GetValueOrDefault(m) > 0, summary));
        Assert.True(_policy.InjectedInto(QueueSend) > 0, summary);
        var rows = new List<DocumentRecord>();
        foreach (var caseId in new[] { "T0", "T1", "T2" })
        {
            rows.AddRange(await DocumentsAsync(caseId));
        }

        Assert.Equal(uploads.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(DocumentStates.Verified, r.State));
        Assert.Equal(rows.Select(r => r.EvidenceBlob).Order(StringComparer.Ordinal), (await ListAsync(Storage.Evidence)).Order(StringComparer.Ordinal));
        Assert.True(report.Clean, string.Join("\n", report.Anomalies.Select(a => $"{a.Kind} {a.CaseId}/{a.DocumentId}: {a.Detail}")));
    }

    /// <summary>Runs <paramref name="operation"/> as a host delivers work: a failure past the SDK's retries is delivered again.</summary>
    private static async Task<T> DeliverAsync<T>(Func<Task<T>> operation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (Exception ex) when (attempt < 5 && ex is RequestFailedException or OperationCanceledException or AggregateException)
            {
                // The host's retry (blob trigger, queue visibility timeout, next timer run) does the same.
            }
        }
    }
}
