using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Bench;
using Pipeline.Ingest;
using Pipeline.Content;

// Ingest hashes every upload once, streaming, through SHA-256 and MD5. Targets, checked against peers measured here:
//  - memory: allocation does not grow with upload size (ratio of allocations at the largest vs smallest size ≈ 1),
//    where a peer that buffers the upload grows with it;
//  - speed: within 2x of the BCL's SHA-256-only stream hash (ContentHasher also computes MD5 and can copy).
if (args is ["requests", var connection, var count])
{
    return await RequestCountBench.RunAsync(connection, int.Parse(count, CultureInfo.InvariantCulture));
}

if (args is ["seed", var seedConnection, var documents, var cases, var firstCase, var sourceDirectory, var documentBytes])
{
    return await ReconcileSeed.RunAsync(
        seedConnection, Number(documents), Number(cases), Number(firstCase), sourceDirectory, Number(documentBytes));
}

var sizes = args.Length > 0
    ? args.Select(a => long.Parse(a, CultureInfo.InvariantCulture) * 1024 * 1024).ToArray()
    : [16L * 1024 * 1024, 64L * 1024 * 1024, 256L * 1024 * 1024];

Console.WriteLine($"{"size MiB",9} {"ContentHasher MB/s",19} {"BCL SHA256 MB/s",16} {"time ratio",11} {"hasher alloc B",17} {"buffering peer alloc KiB",25}");
var hasherAllocations = new List<long>();
var timeRatios = new List<double>();
foreach (var size in sizes)
{
    await ContentHasher.HashAsync(new SyntheticStream(1024 * 1024)); // warm up
    var (hasherSeconds, hasherAllocated) = await MeasureAsync(() => ContentHasher.HashAsync(new SyntheticStream(size)));
    var (peerSeconds, _) = await MeasureAsync(async () => await SHA256.HashDataAsync(new SyntheticStream(size)));
    var (_, bufferingAllocated) = await MeasureAsync(async () =>
    {
        using var buffer = new MemoryStream();
        await new SyntheticStream(size).CopyToAsync(buffer);
        return SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
    hasherAllocations.Add(hasherAllocated);
    timeRatios.Add(hasherSeconds / peerSeconds);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{size / 1024 / 1024,9} {size / 1e6 / hasherSeconds,19:F1} {size / 1e6 / peerSeconds,16:F1} {hasherSeconds / peerSeconds,11:F2} {hasherAllocated,17:N0} {bufferingAllocated / 1024,25:N0}"));
}

// The committed sample bundle's court order: a small, valid PDF (the bench runs from bench/Pipeline.Bench/bin/...).
var samplePdf = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "local", "sample-bundle", "01-court-order.pdf");
if (File.Exists(samplePdf))
{
    await PdfCheckBench.RunAsync(samplePdf, rounds: 20);
}

var memoryRatio = (double)hasherAllocations[^1] / Math.Max(1, hasherAllocations[0]);
var sizeRatio = (double)sizes[^1] / sizes[0];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: ContentHasher allocations grow {memoryRatio:F2}x while the upload grows {sizeRatio:F0}x (target: < 1.5x)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed: ContentHasher (SHA-256 + MD5) takes {timeRatios.Max():F2}x the BCL's SHA-256-only time at worst (target: < 2x)"));
return memoryRatio < 1.5 && timeRatios.Max() < 2 ? 0 : 1;

static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static async Task<(double Seconds, long Allocated)> MeasureAsync<T>(Func<Task<T>> action)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    GC.KeepAlive(await action());
    watch.Stop();
    return (watch.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
}
