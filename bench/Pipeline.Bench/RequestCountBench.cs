using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Storage;
using Pipeline.Local;

namespace Pipeline.Bench;

/// <summary>
/// Storage requests per accepted document (ingest + first check), per rejected upload and per check, counted by
/// <see cref="StorageRequestTally"/> on the pipeline's own clients against the bench's Azurite.
/// </summary>
public static class RequestCountBench
{
    public static async Task<int> RunAsync(string connection, int documents)
    {
        var tally = new StorageRequestTally();
        await using var provider = await BenchServices.BuildAsync(connection, new Dictionary<string, string?>
        {
            ["Pipeline:Storage:IntakeContainer"] = "rq-intake",
            ["Pipeline:Storage:EvidenceContainer"] = "rq-evidence",
            ["Pipeline:Storage:QuarantineContainer"] = "rq-quarantine",
            ["Pipeline:Storage:ReportsContainer"] = "rq-reports",
            ["Pipeline:Storage:DocumentsTable"] = "rqdocuments",
            ["Pipeline:Storage:IntegrityQueue"] = "rq-checks",
        }, tally);
        var uploader = provider.GetRequiredService<PortalUploader>();
        var sweeper = provider.GetRequiredService<IntakeSweeper>();
        var receiver = provider.GetRequiredService<StorageQueueCheckReceiver>();
        var text = new string('x', 256 * 1024 - 64);

        for (var i = 0; i < documents; i++)
        {
            await uploader.UploadAsync($"RQ{i % 20:D2}", $"up-{i:D5}", $"doc-{i:D5}.txt", new MemoryStream(Encoding.UTF8.GetBytes($"{i}\n{text}")), "text/plain", "bench");
        }

        tally.Reset();
        await sweeper.SweepAsync(TimeSpan.Zero);
        var ingest = tally.Total;
        var ingestOps = tally.Snapshot();
        tally.Reset();
        var checks = await receiver.DrainAsync();
        var check = tally.Total;
        var checkOps = tally.Snapshot();

        // Rejected uploads: declared digest does not match the bytes.
        var rejected = Math.Max(10, documents / 10);
        for (var i = 0; i < rejected; i++)
        {
            await uploader.UploadRawAsync($"RX{i % 5}/bad-{i:D4}/bad.txt", new MemoryStream(Encoding.UTF8.GetBytes($"bad {i}")), "text/plain",
                new Dictionary<string, string> { ["sha256"] = new string('a', 64), ["uploadedby"] = "bench" });
        }

        tally.Reset();
        await sweeper.SweepAsync(TimeSpan.Zero);
        var reject = tally.Total;
        var rejectOps = tally.Snapshot();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests\taccepted={(double)(ingest + check) / documents:F2}\tingest={(double)ingest / documents:F2}\tcheck={(double)check / Math.Max(1, checks):F2}\trejected={(double)reject / rejected:F2}"));
        foreach (var (label, ops, count) in new[] { ("ingest", ingestOps, documents), ("check", checkOps, checks), ("rejected", rejectOps, rejected) })
        {
            Console.WriteLine($"ops\t{label}\t" + string.Join(", ", ops.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key}: {(double)o.Value / Math.Max(1, count):F2}"))));
        }

        return 0;
    }
}
