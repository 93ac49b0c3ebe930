using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// The range scan read in bounded windows (Azurite sorts every remaining match of an open-ended query for each page):
/// the bounds come from the evidence folders, and whatever they are, every case of the range is read once, in order.
/// </summary>
public sealed class CaseWindowsTests : ReconciliationTestBase
{
    private readonly TableQueries _queries = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddPipelineStorageClients(options => options.AddPolicy(_queries, HttpPipelinePosition.PerCall));

    [Fact]
    public async Task EndsAsync_FoldersInRange_EveryNthFolderStrictlyInside()
    {
        foreach (var caseId in new[] { "CW1A", "CW1B", "CW1C", "CW1D", "CW1E", "CW1F" })
        {
            await CleanCaseAsync(caseId, 1);
        }

        Assert.Equal(["CW1B", "CW1D"], await EndsAsync(after: "CW1", through: "CW1F", casesPerWindow: 2));
        // The cursor's own folder is not counted; the range's last case is never a bound.
        Assert.Equal(["CW1C", "CW1E"], await EndsAsync(after: "CW1A", through: "CW1F", casesPerWindow: 2));
        Assert.Equal(["CW1C"], await EndsAsync(after: "CW1A", through: "CW1E", casesPerWindow: 2));
    }

    [Fact]
    public async Task EndsAsync_CaseIdPrefixOfAnother_BoundsStillAscending()
    {
        // Listing order: CW2a-b/ < CW2a/ < CW2b/ ('-' sorts below '/'); table order: CW2a < CW2a-b < CW2b.
        foreach (var caseId in new[] { "CW2a", "CW2a-b", "CW2b", "CW2c" })
        {
            await CleanCaseAsync(caseId, 1);
        }

        var ends = await EndsAsync(after: "CW2", through: "CW2z", casesPerWindow: 1);

        Assert.Equal(ends.Order(StringComparer.Ordinal), ends);
        Assert.Equal(["CW2a-b", "CW2b", "CW2c"], ends);
    }

    [Fact]
    public async Task NextAsync_Windows_EveryCaseOnceInOrderEachQueryBounded()
    {
        await CleanCaseAsync("CW3A", 1);
        await CleanCaseAsync("CW3B", 1);
        await CleanCaseAsync("CW3C", 3);
        await CleanCaseAsync("CW3D", 1);
        await CleanCaseAsync("CW3E", 1);
        // Bounds between cases, on a case, repeated, behind the cursor and past the range: none loses or repeats a case.
        string[] ends = ["CW3AA", "CW3C", "CW3C", "CW3B", "CW3D", "CW3Z"];
        _queries.Clear();

        await using var reader = new CaseSnapshotReader(Get<DocumentIndex>(), after: "CW3", through: "CW3E", maxRowsPerCase: 5, ends.ToAsyncEnumerable());
        var seen = new List<(string, bool)>();
        while (await reader.NextAsync() is { } snapshot)
        {
            seen.Add((snapshot.CaseId, snapshot.Truncated));
        }

        // CW3C (three documents, more than five rows) is handed out truncated and the scan goes on after it.
        Assert.Equal([("CW3A", false), ("CW3B", false), ("CW3C", true), ("CW3D", false), ("CW3E", false)], seen);
        Assert.Equal(
            [
                "PartitionKey gt 'CW3' and PartitionKey le 'CW3AA'",
                "PartitionKey gt 'CW3AA' and PartitionKey le 'CW3C'",
                "PartitionKey gt 'CW3C' and PartitionKey le 'CW3C'",
                "PartitionKey gt 'CW3C' and PartitionKey le 'CW3D'",
                "PartitionKey gt 'CW3D' and PartitionKey le 'CW3E'",
            ],
            _queries.Filters);
    }

    private async Task<List<string>> EndsAsync(string after, string through, int casesPerWindow)
    {
        var ends = new List<string>();
        await foreach (var end in CaseWindows.EndsAsync(Storage.Evidence, after, through, casesPerWindow))
        {
            ends.Add(end);
        }

        return ends;
    }

    /// <summary>The filter of every table query sent, in order.</summary>
    private sealed class TableQueries : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _filters = new();

        public IReadOnlyList<string> Filters => [.. _filters];

        public void Clear() => _filters.Clear();

        public override void OnSendingRequest(HttpMessage message)
        {
            var query = message.Request.Uri.Query;
            var at = query.IndexOf("$filter=", StringComparison.Ordinal);
            if (at >= 0)
            {
                var filter = query[(at + "$filter=".Length)..].Split('&')[0];
                _filters.Enqueue(Uri.UnescapeDataString(filter.Replace('+', ' ')));
            }
        }
    }
}
