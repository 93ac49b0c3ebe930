using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Hosting;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// The flat listings' pages are parsed from the response stream, never copied whole into memory first (a 5,000-blob
/// page is ~4.5 MB of XML; buffered, every page left up to 8 MB on the large object heap): only those requests, and
/// nothing else the run sends.
/// </summary>
public sealed class UnbufferedListingTests : ReconciliationTestBase
{
    private readonly ConcurrentQueue<(string Method, string Container, bool Listing, bool Buffered)> _sent = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Reconciliation:VerificationGrace", "1.00:00:00"),
        // Several pages per listing, the next in flight while one is handed out.
        new("Pipeline:Reconciliation:ListingPageSize", "2"),
    ];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddPipelineStorageClients(options =>
        {
            if (options is BlobClientOptions)
            {
                options.AddPolicy(new Recorder(_sent), HttpPipelinePosition.PerRetry);
            }
        });

    [Fact]
    public async Task RunAsync_FlatListings_EveryPageUnbufferedAndNothingElse()
    {
        await CleanCaseAsync("case-a", 3);
        await CleanCaseAsync("case-b", 2);
        _sent.Clear();

        var report = await ReconcileAsync();

        Assert.Equal(0, report.AnomalyCount);
        Assert.Equal(5, report.DocumentsChecked);
        var listings = _sent.Where(r => r.Listing && (r.Container == Storage.Evidence.Name || r.Container == Storage.Quarantine.Name)).ToList();
        // Five evidence blobs in pages of 2, 2, then 1; quarantine's one empty page.
        Assert.True(listings.Count(r => r.Container == Storage.Evidence.Name) >= 3, string.Join(", ", listings));
        Assert.All(listings, r => Assert.False(r.Buffered, $"{r} was buffered"));
        // The scope ends with the page: the reports, anchors and checkpoints the run writes keep the pipeline's default.
        var writes = _sent.Where(r => r.Method == "PUT").ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, r => Assert.True(r.Buffered, $"{r} was not buffered"));
    }

    private sealed class Recorder(ConcurrentQueue<(string, string, bool, bool)> sent) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            var uri = message.Request.Uri.ToUri();
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            // Azurite addresses the account in the path: /devstoreaccount1/container/blob.
            var container = segments.Length > 1 ? segments[1] : "";
            // Flat listings only: the store phase's listing by folder (delimiter) is not read in pages held ahead.
            var listing = message.Request.Method == RequestMethod.Get && uri.Query.Contains("comp=list", StringComparison.Ordinal)
                && !uri.Query.Contains("delimiter=", StringComparison.Ordinal);
            sent.Enqueue((message.Request.Method.ToString(), container, listing, message.BufferResponse));
        }
    }
}
