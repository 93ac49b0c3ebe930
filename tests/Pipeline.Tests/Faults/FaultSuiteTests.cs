using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Faults;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Reconciliation;
using Xunit.Abstractions;

namespace Pipeline.Tests.Faults;

/// <summary>
/// The fault-injection suite: seeds documents over many cases, crashes every ingest and check step and re-runs, delivers
/// uploads several times at once, leaves triggers unfired for the sweep, then tampers with a second client. The next reconciliation must report every injected fault with
/// its kind, case and document, and nothing else. CI size by default; <c>PIPELINE_FAULTS_FULL=1</c> for the full size.
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output) : ReconciliationTestBase
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("PIPELINE_FAULTS_FULL") == "1";
    private readonly ScriptedFaultInjector _faults = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IFaultInjector>(_faults);

    [Fact]
    [Trait("Category", "Faults")]
    public async Task RunAsync_InjectedFaults_EveryOneReportedWithKindCaseAndDocumentAndNothingElse()
    {
        var (cases, perCase, maxBytes) = Full ? (50, 20, 8 << 20) : (12, 10, 256 << 10);
        var random = new Random(20261128);

        // Seed: every upload, some rejected (a photo declared as text), some with their trigger never fired.
        var intake = new List<(string CaseId, string Intake, bool Accept)>();
        for (var c = 0; c < cases; c++)
        {
            var caseId = $"F{c:D3}";
            for (var d = 0; d < perCase; d++)
            {
                var size = d == 0 ? 1024 : random.Next(1024, maxBytes + 1);
                var reject = d == perCase - 1;
                var bytes = reject ? [0xFF, 0xD8, 0xFF, 0xE0, .. Text(random, 1020)] : Text(random, size);
                intake.Add((caseId, await UploadAsync(caseId, $"doc-{d:D3}", $"doc-{d:D3}.txt", bytes), !reject));
            }
        }

        // Ingest: crashes at each step then a re-run; 2-5 concurrent deliveries; every seventh trigger never fires.
        var ingest = Get<IngestService>();
        var steps = new[] { FaultSteps.IngestSpooled, FaultSteps.IngestStored, FaultSteps.IngestIndexed, FaultSteps.IngestQueued };
        for (var i = 0; i < intake.Count; i++)
        {
            var (_, name, accept) = intake[i];
            if (i % 7 == 6)
            {
                continue;
            }

            if (accept && i % 5 == 0)
            {
                _faults.CrashOnce(steps[i / 5 % steps.Length], name);
                await Assert.ThrowsAsync<SimulatedCrashException>(() => ingest.IngestAsync(name));
            }

            var deliveries = i % 3 == 0 ? 2 + (i % 4) : 1;
            await Task.WhenAll(Enumerable.Range(0, deliveries).Select(_ => ingest.IngestAsync(name)));
        }

        AgeEverything(TimeSpan.FromMinutes(20));
        await Get<IntakeSweeper>().SweepAsync(TimeSpan.FromMinutes(15));
        await DrainWithCheckCrashesAsync();
        var crashes = _faults.Fired;

        // Nothing lost so far: every accepted upload has exactly one row and its bytes in evidence, every chain holds.
        var rows = new List<DocumentRecord>();
        foreach (var caseId in intake.Select(u => u.CaseId).Distinct())
        {
            rows.AddRange(await DocumentsAsync(caseId));
        }

        var accepted = rows.Where(r => r.State != DocumentStates.Rejected).ToList();
        Assert.Equal(intake.Count(u => u.Accept), accepted.Count);
        Assert.Equal(accepted.Count, accepted.Select(r => (r.CaseId, r.DocumentId)).Distinct().Count());
        var evidence = (await ListAsync(Storage.Evidence)).ToHashSet(StringComparer.Ordinal);
        Assert.All(accepted, r => Assert.True(r.EvidenceBlob is not null && evidence.Contains(r.EvidenceBlob), r.EvidenceBlob));
        var baseline = await ReconcileAsync();
        Assert.True(baseline.Clean, string.Join("\n", baseline.Anomalies.Select(a => $"{a.Kind} {a.CaseId}/{a.DocumentId}: {a.Detail}")));

        // Tamper with a second client, each fault in a document (or case) of its own.
        var tamper = new Tampering(Pipeline.Local.Azurite.ConnectionString, Storage);
        var byCase = accepted.GroupBy(r => r.CaseId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.DocumentId, StringComparer.Ordinal).ToList()).ToList();
        var injected = new List<InjectedFault>();
        var erased = byCase[^1][0].CaseId;
        injected.Add(await tamper.EraseCaseAsync(erased));
        var documentFaults = new List<Func<DocumentRecord, Task<InjectedFault>>>
        {
            tamper.CorruptBytesAsync, tamper.DeleteBlobAsync, tamper.ReplaceConsistentlyAsync, tamper.StripMetadataAsync, tamper.DeleteRowAsync, tamper.EditRowAsync,
            tamper.RetypeRowAsync,
        };
        var caseFaults = new List<Func<string, Task<InjectedFault>>>
        {
            caseId => tamper.DeleteAuditRecordAsync(caseId, 2),
            caseId => tamper.EditAuditRecordAsync(caseId, 3),
            caseId => tamper.ReorderAuditRecordsAsync(caseId, 2),
            tamper.DeleteHeadAsync,
        };
        var tamperable = byCase.Take(byCase.Count - 1).ToList();
        for (var i = 0; i < tamperable.Count; i++)
        {
            var documents = tamperable[i];
            if (i < caseFaults.Count)
            {
                // A case whose chain is tampered with gets no other fault: its chain is no longer a trustworthy reference.
                injected.Add(await caseFaults[i](documents[0].CaseId));
                continue;
            }

            for (var d = 0; d < documentFaults.Count && d < documents.Count - 1; d++)
            {
                injected.Add(await documentFaults[(d + i) % documentFaults.Count](documents[d]));
            }

            injected.Add(await tamper.DropUntrackedAsync(documents[0].CaseId, "dropped-" + i, quarantine: i % 2 == 0));
        }

        var rejected = rows.Where(r => r.State == DocumentStates.Rejected && r.CaseId != erased && tamperable.Skip(caseFaults.Count).Any(c => c[0].CaseId == r.CaseId)).Take(3);
        foreach (var row in rejected)
        {
            injected.Add(await tamper.DeleteQuarantinedAsync(row));
        }

        AgeEverything(TimeSpan.FromMinutes(20));
        var report = await ReconcileAsync();

        var missed = injected.Where(f => !report.Anomalies.Any(f.DetectedBy)).ToList();
        var falsePositives = report.Anomalies.Where(a => !injected.Any(f => f.Explains(a))).ToList();
        var byKind = string.Join(", ", injected.GroupBy(f => f.Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"fault suite: {intake.Count} documents in {cases} cases, {crashes} crashes, {injected.Count} tamperings ({byKind}); detected {injected.Count - missed.Count}, missed {missed.Count}, false positives {falsePositives.Count}");
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(missed.Count == 0, "missed: " + string.Join("; ", missed));
        Assert.True(falsePositives.Count == 0, "false positives: " + string.Join("; ", falsePositives.Select(a => $"{a.Kind} {a.CaseId}/{a.DocumentId}: {a.Detail}")));
    }

    /// <summary>Drains the check queue, crashing the check of every fourth document once after it measured the bytes.</summary>
    private async Task DrainWithCheckCrashesAsync()
    {
        var receiver = Get<StorageQueueCheckReceiver>();
        var crashed = 0;
        foreach (var caseId in (await ListAsync(Storage.Evidence)).Select(n => n.Split('/')[0]).Distinct())
        {
            foreach (var row in (await DocumentsAsync(caseId)).Where((_, i) => i % 4 == 0))
            {
                _faults.CrashOnce(FaultSteps.CheckMeasured, $"{row.CaseId}/{row.DocumentId}");
                crashed++;
            }
        }

        for (var pass = 0; pass < 10 && await QueueLengthAsync() > 0; pass++)
        {
            try
            {
                await receiver.DrainAsync();
            }
            catch (SimulatedCrashException)
            {
                // The process died mid-check: the message becomes visible again and the next drain retries it.
            }

            Time.Advance(TimeSpan.FromMinutes(6));
        }

        Assert.True(crashed > 0);
    }

    /// <summary>
    /// Moves the clock <paramref name="by"/> past the later of its own time and the real time: Azurite stamps blobs with
    /// the real clock, and at the full size (or on a loaded machine) seeding takes longer than any fixed advance, so the
    /// last uploads would otherwise still look too young for the sweep to pick up.
    /// </summary>
    private void AgeEverything(TimeSpan by)
    {
        var now = Time.GetUtcNow();
        var real = DateTimeOffset.UtcNow;
        Time.Advance((real > now ? real - now : TimeSpan.Zero) + by);
    }

    private static byte[] Text(Random random, int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i % 64 == 63 ? '\n' : 'a' + random.Next(26));
        }

        return bytes;
    }
}
