using Azure;
using Azure.Data.Tables;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>The case-head walk matches folders in listing order with heads in table order, holding a few heads at a time.</summary>
public sealed class CaseHeadWalkTests
{
    [Fact]
    public async Task HasHeadAsync_ChainsOfPrefixCasesOverManyPages_MatchesEveryHeadHoldingFewAhead()
    {
        // Per group k: "k", "k-x", "k-x-y" (listed in reverse) and "k.z" with a head, "k-w" a folder without one.
        var groups = Enumerable.Range(0, 300).Select(k => $"g{k:D3}").ToList();
        var headed = groups.SelectMany(k => new[] { k, k + "-x", k + "-x-y", k + ".z" }).ToHashSet(StringComparer.Ordinal);
        var folders = headed.Concat(groups.Select(k => k + "-w")).Order(Comparer<string>.Create((x, y) => ListingOrder.Compare(x + "/", y + "/"))).ToList();
        var pagesRead = 0;
        await using var walk = new CaseHeadWalk(Heads(headed, pageSize: 7), _ => { pagesRead++; return ValueTask.CompletedTask; });

        var maxHeld = 0;
        foreach (var folder in folders)
        {
            Assert.Equal(headed.Contains(folder), await walk.HasHeadAsync(folder));
            maxHeld = Math.Max(maxHeld, walk.HeldAhead);
        }

        // Prefixes of the current case ("k", "k-x") and the one head read past it: never a group's worth more.
        Assert.InRange(maxHeld, 1, 3);
        Assert.Equal((headed.Count + 6) / 7, pagesRead);
    }

    [Fact]
    public async Task HasHeadAsync_FolderAskedOutOfListingOrder_FalseNotThrown()
    {
        await using var walk = new CaseHeadWalk(Heads(["a", "b"], pageSize: 10), _ => ValueTask.CompletedTask);

        Assert.True(await walk.HasHeadAsync("b"));
        Assert.False(await walk.HasHeadAsync("a"));
    }

    [Fact]
    public void FirstCaseListedAfter_CursorOfCaseWithPrefixBeforeSlash_ThatPrefix()
    {
        Assert.Equal("a", CaseFolders.FirstCaseListedAfter("a-b/"));
        Assert.Equal("a", CaseFolders.FirstCaseListedAfter("a.b-c/"));
        Assert.Equal("case", CaseFolders.FirstCaseListedAfter("case.txt"));
        Assert.Equal("case", CaseFolders.FirstCaseListedAfter("case-1/"));
        Assert.Equal("ab0", CaseFolders.FirstCaseListedAfter("ab0/"));
    }

    private static AsyncPageable<TableEntity> Heads(IEnumerable<string> caseIds, int pageSize) =>
        AsyncPageable<TableEntity>.FromPages(
            caseIds.Order(StringComparer.Ordinal).Chunk(pageSize)
                .Select(chunk => Page<TableEntity>.FromValues([.. chunk.Select(id => new TableEntity(id, DocumentRowKeys.CaseHead))], null, null!)));
}
